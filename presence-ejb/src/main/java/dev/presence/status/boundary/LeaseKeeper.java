package dev.presence.status.boundary;

import dev.presence.cluster.control.ClusterLifecycle;
import dev.presence.status.control.Housekeeping;
import dev.presence.store.control.LeaseStore;
import dev.presence.store.control.Reconciler;
import java.time.Clock;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The node's lease on its own timer, once a second: renewed every third of the lease, dead nodes swept (a
 * cluster), and the database reconciled once per lease by the leader. Its own timer, because a slow flush
 * of the write-behind queue must not make the lease late.
 */
final class LeaseKeeper {

    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class.getName());

    private final Clock clock;
    private final LeaseStore storage;
    private final ClusterLifecycle cluster;
    private final Housekeeping housekeeping;
    private final String nodeId;
    private final long leaseMillis;
    private final Consumer<Reconciler.Result> reconciled;
    private final BooleanSupplier nearFileLimit;
    private long lastRenewal;
    private long lastReconcile;

    LeaseKeeper(Clock clock, LeaseStore storage, ClusterLifecycle cluster, Housekeeping housekeeping, String nodeId,
                long leaseMillis, Consumer<Reconciler.Result> reconciled, BooleanSupplier nearFileLimit) {
        this.clock = clock;
        this.storage = storage;
        this.cluster = cluster;
        this.housekeeping = housekeeping;
        this.nodeId = nodeId;
        this.leaseMillis = leaseMillis;
        this.reconciled = reconciled;
        this.nearFileLimit = nearFileLimit;
        this.lastRenewal = this.lastReconcile = clock.millis();
    }

    void tick() {
        long now = clock.millis();
        if (now - lastRenewal >= leaseMillis / 3) {
            if (!storage.renewLease(Instant.ofEpochMilli(now), leaseMillis)) {
                leaseLost(now);
            }
            lastRenewal = now;
        }
        cluster.sweepDeadNodes(() -> storage.liveLeases(Instant.ofEpochMilli(now)), now, storage::forgetLease);
        if (now - lastReconcile >= leaseMillis && cluster.isLeader()) {
            reconciled.accept(storage.reconcile(Instant.ofEpochMilli(now), leaseMillis, cluster.memberNodes()));
            lastReconcile = now;
        }
    }

    /**
     * The lease was gone when this node came to renew it: the cluster declared the node dead (its lease
     * expired while it was out of the data grid, a long pause) and took its users offline. It closes its
     * sessions (their clients reconnect), removes itself from whatever the grid still says it holds, and
     * starts afresh, refusing sessions meanwhile.
     */
    private void leaseLost(long now) {
        LOG.warning(() -> "the lease of node " + nodeId + " expired before it could be renewed");
        housekeeping.refuseNewSessions(true);
        cluster.leaseLost(lastRenewal);
        housekeeping.refuseNewSessions(nearFileLimit.getAsBoolean());
        storage.retakeLease(Instant.ofEpochMilli(now), leaseMillis);
    }
}
