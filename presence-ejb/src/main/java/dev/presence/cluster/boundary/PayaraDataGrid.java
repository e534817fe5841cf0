package dev.presence.cluster.boundary;

import com.hazelcast.core.HazelcastInstance;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/** The Hazelcast member Payara runs (its data grid), as Payara publishes it in JNDI. */
public final class PayaraDataGrid {

    static final String JNDI_NAME = "payara/Hazelcast";

    private PayaraDataGrid() {
    }

    public static HazelcastInstance instance() {
        try {
            Object hz = new InitialContext().lookup(JNDI_NAME);
            if (hz instanceof HazelcastInstance instance && instance.getLifecycleService().isRunning()) {
                return instance;
            }
            throw new IllegalStateException("presence.cluster is true but Payara's data grid is not running"
                    + " (was the server started with --nocluster or --nohazelcast?)");
        } catch (NamingException e) {
            throw new IllegalStateException("presence.cluster is true but Payara publishes no data grid at "
                    + JNDI_NAME + ": " + e.getMessage(), e);
        }
    }
}
