package dev.presence.stats.control;

import dev.presence.cluster.control.GridMembers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.presence.chat.control.ChatSessions;
import dev.presence.cluster.control.DataGrid;
import dev.presence.stats.entity.Figures;
import dev.presence.stats.entity.Interval;
import dev.presence.stats.entity.StatsPoint;
import dev.presence.status.control.ClientSession;
import dev.presence.status.control.Identity;
import dev.presence.status.control.PresenceRegistry;
import dev.presence.status.control.PresenceSettings;
import dev.presence.status.control.PresenceStore;
import dev.presence.status.control.StoredUser;
import dev.presence.status.control.UserWrite;
import dev.presence.testing.Await;
import dev.presence.testing.MutableClock;
import dev.presence.testing.RecordingConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on a real two-member Hazelcast cluster in this JVM, each with its registry and its stats, over
 * one store: the cluster's figures count a user online on both nodes once.
 */
class ClusterStatsTest {

    private static final String CLUSTER = "presence-stats-test-" + UUID.randomUUID();
    private static final int BASE_PORT = 29000 + (int) (Math.random() * 1000);
    private static final MutableClock CLOCK = new MutableClock();
    private static StatsStore store;
    private static Node a;
    private static Node b;

    private static final class Node {
        final HazelcastInstance hz;
        final PresenceRegistry registry;
        final NodeStats stats;

        Node(String nodeId, int port) {
            hz = GridMembers.start(CLUSTER, port, BASE_PORT, 2);
            DataGrid grid = new DataGrid(hz, Executors.newSingleThreadScheduledExecutor());
            PresenceStore users = new PresenceStore() {
                @Override
                public Map<String, StoredUser> load(Collection<String> userIds) {
                    return Map.of();
                }

                @Override
                public void write(UserWrite w) {
                }
            };
            MinuteRecorder[] recorder = new MinuteRecorder[1];
            // the recorder is the registry's metrics, as PresenceMeters tells it in the application
            registry = new PresenceRegistry(CLOCK, PresenceSettings.defaults(), users,
                    new dev.presence.status.control.PresenceMetrics() {
                        @Override
                        public void authenticated(boolean success) {
                            recorder[0].authenticated(success);
                        }

                        @Override
                        public void delivered(long frames) {
                        }

                        @Override
                        public void sessionEnded(long millis) {
                            recorder[0].sessionEnded(millis);
                        }

                        @Override
                        public void fannedOut(long nanos) {
                        }
                    }, nodeId, grid.directory());
            stats = new NodeStats(nodeId, CLOCK, new StatsDocuments(store.db), registry.reads()::onlineCountAll, registry.reads()::localUserIds);
            recorder[0] = stats.recorder();
            registry.addChangeListener(stats.recorder());
            ChatSessions rooms = new ChatSessions(registry, CLOCK, grid.membership(), grid);
            grid.connect(registry, rooms, users, CLOCK);
        }

        void connect(String userId) {
            ClientSession s = registry.open(new RecordingConnection()).orElseThrow();
            registry.authentication().authenticate(s, new Identity(userId, Set.of()), "r");
        }
    }

    @BeforeAll
    static void formCluster() {
        System.setProperty("hazelcast.logging.type", "none");
        store = new StatsStore();
        a = new Node("node-a", BASE_PORT);
        b = new Node("node-b", BASE_PORT + 1);
        GridMembers.awaitSpread(a.hz, 2);
        GridMembers.awaitSpread(b.hz, 2);
    }

    @AfterAll
    static void stop() {
        Hazelcast.shutdownAll();
        store.close();
    }

    @Test
    void aUserOnlineOnTwoNodesCountsOnceInTheClustersFigures() {
        a.connect("ursula");
        b.connect("ursula");
        a.connect("victor");
        Await.until(() -> a.registry.reads().onlineCountAll() == 2 && b.registry.reads().onlineCountAll() == 2, "both nodes see two users");
        assertEquals(Set.of("ursula", "victor"), a.registry.reads().localUserIds());
        assertEquals(Set.of("ursula"), b.registry.reads().localUserIds());
        for (int s = 0; s < 59; s++) {
            CLOCK.advance(Duration.ofSeconds(1));
            a.stats.sample();
            b.stats.sample();
        }
        CLOCK.advance(Duration.ofSeconds(1)); // the minute is over on both nodes
        for (Node n : List.of(a, b)) {
            n.stats.sample();
            n.stats.write();
        }
        Instant minute = Instant.parse("2026-11-27T21:30:00Z");
        StatsDocuments docs = new StatsDocuments(store.db);
        List<StatsPoint> minutes = docs.points(Interval.MINUTE, minute, minute.plusSeconds(60));
        assertEquals(1, minutes.size());
        Figures f = minutes.getFirst().figures();
        assertEquals(2, f.peakOnline(), "two users, not three sessions' worth: each node samples the grid's count");
        assertEquals(2.0, f.avgOnline());
        assertEquals(2, f.uniqueUsers(), "ursula on both nodes counts once");
        assertEquals(3, f.connects(), "three sessions connected");
        Figures hour = docs.points(Interval.HOUR, minute.minusSeconds(1800), minute.plusSeconds(1800)).getFirst().figures();
        assertEquals(2, hour.uniqueUsers());
        assertTrue(docs.nodeMinutes(minute, minute.plusSeconds(60)).size() == 2, "one document per node");
    }
}
