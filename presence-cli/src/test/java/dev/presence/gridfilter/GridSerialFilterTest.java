package dev.presence.gridfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Streams the grid makes read only the classes the grid carries; other streams keep the JVM-wide filter. */
class GridSerialFilterTest {

    /** Stands for Hazelcast's code: a stream made inside it is the grid's. */
    static final class FromTheGrid {
        static ObjectInputFilter filter(GridSerialFilter factory, ObjectInputFilter requested) {
            return factory.apply(null, requested);
        }
    }

    private final GridSerialFilter factory = new GridSerialFilter(GridSerialFilter.PATTERN, FromTheGrid.class.getName());

    /** A class of no one's grid: what an attacker's gadget chain is made of. */
    static final class Gadget implements Serializable {
        String command = "touch /tmp/pwned";
    }

    private static byte[] serialized(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    private static Object read(byte[] bytes, ObjectInputFilter filter) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            if (filter != null) {
                in.setObjectInputFilter(filter);
            }
            return in.readObject();
        }
    }

    @Test
    void whatTheGridCarriesIsRead() throws Exception {
        ObjectInputFilter grid = FromTheGrid.filter(factory, null);
        assertNotNull(grid);
        Map<String, Object> descriptor = new HashMap<>(Map.of("id", UUID.randomUUID(), "members", new ArrayList<>(List.of("a", "b")),
                "address", java.net.InetAddress.getLoopbackAddress(), "count", 3));
        assertEquals(descriptor, read(serialized(descriptor), grid));
        Exception remote = new IllegalStateException("on another member");
        assertEquals(remote.getMessage(), ((Exception) read(serialized(remote), grid)).getMessage(), "remote exceptions");
    }

    @Test
    void anythingElseIsRefused() throws Exception {
        ObjectInputFilter grid = FromTheGrid.filter(factory, null);
        for (Object gadget : new Object[] {new Gadget(), new javax.management.BadAttributeValueExpException("x"),
                List.of(new Gadget()), new java.util.PriorityQueue<>(List.of("a"))}) {
            if (gadget instanceof java.util.PriorityQueue) {
                read(serialized(gadget), grid); // java.util is carried; a chain needs a class that is not
                continue;
            }
            InvalidClassException e = assertThrows(InvalidClassException.class, () -> read(serialized(gadget), grid), gadget.toString());
            assertEquals(true, e.getMessage().contains("REJECTED"), e.getMessage());
        }
        byte[] deep = serialized(nested(100));
        assertThrows(InvalidClassException.class, () -> read(deep, grid), "deeper than the grid's objects go");
    }

    private static Object nested(int depth) {
        List<Object> l = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            List<Object> outer = new ArrayList<>();
            outer.add(l);
            l = outer;
        }
        return l;
    }

    @Test
    void otherStreamsKeepTheJvmWideFilterAndAGridStreamKeepsItsFilterWhenItSetsAnother() throws Exception {
        assertNull(factory.apply(null, null), "a stream of Payara's own: no filter unless the JVM has one");
        ObjectInputFilter jvmWide = ObjectInputFilter.Config.createFilter("java.util.*;!*");
        assertSame(jvmWide, factory.apply(null, jvmWide));
        ObjectInputFilter grid = FromTheGrid.filter(factory, null);
        ObjectInputFilter both = factory.apply(grid, ObjectInputFilter.Config.createFilter("*"));
        assertThrows(InvalidClassException.class, () -> read(serialized(new Gadget()), both), "allowing all does not undo the grid's filter");
        ObjectInputFilter gridAndJvm = FromTheGrid.filter(factory, ObjectInputFilter.Config.createFilter("!java.util.UUID"));
        assertThrows(InvalidClassException.class, () -> read(serialized(UUID.randomUUID()), gridAndJvm), "the JVM-wide filter applies too");
    }
}
