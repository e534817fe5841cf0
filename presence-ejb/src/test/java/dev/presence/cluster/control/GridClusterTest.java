package dev.presence.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import dev.presence.chat.control.ChatSessions;
import dev.presence.status.control.PresenceMetrics;
import dev.presence.status.control.PresenceRegistry;
import dev.presence.status.control.PresenceSettings;
import dev.presence.status.control.PresenceStore;
import dev.presence.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A member of a one-member grid, as the composition root uses it: the leader, owner of every entry, and the
 * lease rule for dead nodes (a node is dead once its lease is gone and it is no member).
 */
class GridClusterTest {

    private static final long LEASE = 30_000;
    private static final int PORT = 29500 + (int) (Math.random() * 400);
    private static HazelcastInstance hz;
    private static GridCluster cluster;
    private static PresenceRegistry registry;
    private static final MutableClock CLOCK = new MutableClock();

    @BeforeAll
    static void join() {
        hz = GridMembers.start("grid-cluster-" + UUID.randomUUID(), PORT, PORT, 1);
        cluster = new GridCluster(new DataGrid(hz, Executors.newSingleThreadScheduledExecutor()), LEASE);
        registry = new PresenceRegistry(CLOCK, PresenceSettings.defaults(), PresenceStore.NONE, PresenceMetrics.NONE,
                "node-a", cluster.directory());
        ChatSessions chats = new ChatSessions(registry, CLOCK, cluster.membership(), cluster.chatBus());
        cluster.connect(registry, chats, PresenceStore.NONE, CLOCK, () -> Map.of("node-a", CLOCK.instant()), CLOCK.millis());
    }

    @AfterAll
    static void leave() {
        cluster.close();
        hz.shutdown();
    }

    @Test
    void aLoneMemberIsTheLeaderOwnsEveryUserAndIsItsOwnOnlyMember() {
        assertTrue(cluster.isLeader());
        assertTrue(cluster.owns("anyone"));
        assertEquals(java.util.Set.of("node-a"), cluster.memberNodes());
    }

    @Test
    void aNodeWhoseLeaseIsGoneAndWhoIsNoMemberIsForgottenButNeverThisNode() {
        List<String> forgotten = new ArrayList<>();
        Instant renewed = CLOCK.instant();
        CLOCK.advance(Duration.ofSeconds(1));
        cluster.sweepDeadNodes(() -> Map.of("node-a", renewed, "node-z", renewed), CLOCK.millis(), forgotten::add);
        assertEquals(List.of(), forgotten, "node-z's lease is live");

        CLOCK.advance(Duration.ofSeconds(1));
        cluster.sweepDeadNodes(() -> Map.of(), CLOCK.millis(), forgotten::add);
        assertEquals(List.of("node-z"), forgotten, "node-z's lease went and it is no member; node-a is a member");
    }
}
