package dev.presence.status.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.cluster.control.ClusterLifecycle;
import dev.presence.cluster.control.SingleNode;
import dev.presence.status.control.PresenceMetrics;
import dev.presence.status.control.PresenceRegistry;
import dev.presence.status.control.PresenceSettings;
import dev.presence.status.control.PresenceStore;
import dev.presence.store.control.LeaseStore;
import dev.presence.store.control.Reconciler;
import dev.presence.testing.MutableClock;
import dev.presence.testing.RecordingConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The lease timer: renewal every third of the lease, reconciliation once per lease by the leader, a lost lease. */
class LeaseKeeperTest {

    private static final long LEASE = 30_000;

    private final MutableClock clock = new MutableClock();
    private final FakeLeases leases = new FakeLeases();
    private final PresenceRegistry registry = new PresenceRegistry(clock, PresenceSettings.from(k -> null),
            PresenceStore.NONE, PresenceMetrics.NONE, "n1");
    private final List<Reconciler.Result> reconciled = new ArrayList<>();

    @Test
    void renewsEveryThirdOfTheLeaseAndReconcilesOncePerLeaseOnASingleNode() {
        LeaseKeeper keeper = keeper(new SingleNode());
        for (int second = 1; second <= 60; second++) {
            clock.advance(Duration.ofSeconds(1));
            keeper.tick();
        }
        assertEquals(6, leases.renewals, "one renewal every 10 s over 60 s");
        assertEquals(2, leases.reconciles.size(), "one reconciliation per 30 s lease");
        assertEquals(Set.of(), leases.reconciles.getFirst(), "a single node names no other live member");
        assertEquals(2, reconciled.size());
        assertEquals(0, leases.liveReads, "a single node never reads the other nodes' leases");
    }

    @Test
    void aFollowerNeverReconcilesAndSweepsWithTheLiveLeases() {
        Cluster follower = new Cluster(false);
        LeaseKeeper keeper = keeper(follower);
        for (int second = 1; second <= 40; second++) {
            clock.advance(Duration.ofSeconds(1));
            keeper.tick();
        }
        assertTrue(leases.reconciles.isEmpty());
        assertEquals(40, follower.sweeps);
        assertEquals(40, leases.liveReads, "the sweep read the live leases it was given");
    }

    @Test
    void aLostLeaseLetsGoOfTheClusterThenRetakesTheLeaseRefusingSessionsMeanwhile() {
        Cluster member = new Cluster(true);
        LeaseKeeper keeper = keeper(member);
        leases.held = false;
        clock.advance(Duration.ofSeconds(10));
        long lastRenewal = clock.millis() - 10_000;
        keeper.tick();
        assertEquals(List.of(lastRenewal), member.lostAt, "lastSeen floor: the last renewal that succeeded");
        assertTrue(member.refusingWhileLost, "new sessions were refused while the node let go");
        assertEquals(1, leases.retakes);
        assertTrue(registry.open(new RecordingConnection()).isPresent(), "sessions are admitted again afterwards");
    }

    private LeaseKeeper keeper(ClusterLifecycle cluster) {
        return new LeaseKeeper(clock, leases, cluster, registry.housekeeping(), "n1", LEASE, reconciled::add, () -> false);
    }

    /** A member of a cluster, as far as the lease keeper can tell; a node alone otherwise. */
    private final class Cluster extends SingleNode {
        final boolean leader;
        int sweeps;
        final List<Long> lostAt = new ArrayList<>();
        boolean refusingWhileLost;

        Cluster(boolean leader) {
            this.leader = leader;
        }

        @Override
        public void sweepDeadNodes(Supplier<Map<String, Instant>> live, long now, Consumer<String> forget) {
            live.get();
            sweeps++;
        }

        @Override
        public void leaseLost(long lastRenewal) {
            lostAt.add(lastRenewal);
            refusingWhileLost = registry.open(new RecordingConnection()).isEmpty();
        }

        @Override
        public boolean isLeader() {
            return leader;
        }

        @Override
        public Set<String> memberNodes() {
            return Set.of("n1", "n2");
        }
    }

    private static final class FakeLeases implements LeaseStore {
        boolean held = true;
        int renewals;
        int retakes;
        int liveReads;
        final List<Set<String>> reconciles = new ArrayList<>();

        @Override
        public boolean renewLease(Instant now, long leaseMillis) {
            renewals++;
            return held;
        }

        @Override
        public void retakeLease(Instant now, long leaseMillis) {
            retakes++;
            held = true;
        }

        @Override
        public void forgetLease(String nodeId) {
        }

        @Override
        public Map<String, Instant> liveLeases(Instant now) {
            liveReads++;
            return Map.of();
        }

        @Override
        public Reconciler.Result reconcile(Instant now, long leaseMillis, Set<String> alsoLive) {
            reconciles.add(alsoLive);
            return new Reconciler.Result(List.of(), 0, List.of());
        }
    }
}
