package dev.presence.store.control;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** The node leases in the database, as the node's lease timer uses them. */
public interface LeaseStore {

    /**
     * Renews this node's lease.
     *
     * @return false when it was gone: the node was declared dead meanwhile
     */
    boolean renewLease(Instant now, long leaseMillis);

    /** Takes a fresh lease under the same node id, after the node has let go of everything it held. */
    void retakeLease(Instant now, long leaseMillis);

    /** Declares a node dead (see {@link NodeLeases#forget}). */
    void forgetLease(String nodeId);

    /** Every node with a live lease, with its last renewal. */
    Map<String, Instant> liveLeases(Instant now);

    /**
     * Sets offline the users whose sessions were on nodes whose lease expired, and removes those sessions.
     *
     * @param alsoLive nodes alive whatever their lease says (the data grid's members)
     */
    Reconciler.Result reconcile(Instant now, long leaseMillis, Set<String> alsoLive);
}
