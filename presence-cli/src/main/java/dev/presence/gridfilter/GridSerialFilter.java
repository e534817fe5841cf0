package dev.presence.gridfilter;

import java.io.ObjectInputFilter;
import java.util.function.BinaryOperator;

/**
 * The Java serialization filter of the data grid: objects a cluster node reads from the grid (from other
 * members, or from anyone who reaches the grid port: open-source Hazelcast has no authentication) may only be
 * of the classes the grid carries. The application's own entries are strings and never use Java
 * serialization; what does is Payara's clustering (its instance descriptors and cluster events, under
 * {@code fish.payara}), Hazelcast's remote exceptions, and the JDK types they hold. A gadget chain's classes
 * (commons-collections, Xalan's TemplatesImpl, Groovy, JMX, RMI, proxies and so on) are refused.
 *
 * <p>It is the JVM's serial filter factory ({@code -Djdk.serialFilterFactory}, JDK 17 and later), so it sees
 * every ObjectInputStream as it is made, and gives the filter to those Hazelcast makes (Hazelcast's code is on
 * the stack): Payara reads objects of its own with Java serialization too (JNDI references, deployment data),
 * and those keep the JVM-wide filter ({@code jdk.serialFilter}, none by default). Hazelcast's own filter
 * setting would not do: Payara's serializer, which Hazelcast runs for every Serializable, is built without it.
 *
 * <p>This class runs in the server's JVM from the boot class path, on its own: it may use java.base alone.
 */
public final class GridSerialFilter implements BinaryOperator<ObjectInputFilter> {

    /** The classes the grid carries, and limits on what a stream may make. */
    public static final String PATTERN = "maxdepth=64;maxrefs=100000;maxarray=100000;maxbytes=16777216"
            + ";java.lang.*;!java.lang.reflect.*;!java.lang.invoke.*;java.util.*;java.util.concurrent.*"
            + ";java.util.concurrent.atomic.*;java.util.concurrent.locks.*;java.time.*;java.math.*"
            + ";java.net.InetAddress;java.net.Inet4Address;java.net.Inet6Address;java.net.InetAddress$InetAddressHolder"
            + ";java.net.Inet6Address$Inet6AddressHolder;java.net.InetSocketAddress;java.net.URI;java.net.URL"
            + ";com.hazelcast.**;fish.payara.**;!*";
    /** What marks a stream as the grid's: Hazelcast's code made it. */
    static final String GRID_CODE = "com.hazelcast.";

    private final ObjectInputFilter grid;
    private final String gridCode;

    public GridSerialFilter() {
        this(PATTERN, GRID_CODE);
    }

    GridSerialFilter(String pattern, String gridCode) {
        this.grid = ObjectInputFilter.Config.createFilter(pattern);
        this.gridCode = gridCode;
    }

    /**
     * Called with no current filter when a stream is made (the JVM-wide filter is {@code requested}), and
     * with the current one when a stream sets its own: the grid's filter stays in force in both.
     */
    @Override
    public ObjectInputFilter apply(ObjectInputFilter current, ObjectInputFilter requested) {
        if (current instanceof Grid) { // a grid stream setting a filter of its own: both apply
            return requested == null ? current : new Grid(ObjectInputFilter.merge(requested, current));
        }
        if (current == null && madeByTheGrid()) {
            return new Grid(requested == null ? grid : ObjectInputFilter.merge(grid, requested));
        }
        return requested; // as the JDK's own factory does
    }

    /** The filter of a grid stream, told apart from others when the stream later sets its own. */
    private record Grid(ObjectInputFilter filter) implements ObjectInputFilter {
        @Override
        public Status checkInput(FilterInfo info) {
            return filter.checkInput(info);
        }
    }

    private boolean madeByTheGrid() {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(f -> f.getClassName().startsWith(gridCode)));
    }
}
