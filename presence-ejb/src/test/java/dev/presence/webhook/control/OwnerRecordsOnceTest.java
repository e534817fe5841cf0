package dev.presence.webhook.control;

import dev.presence.cluster.control.GridMembers;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.presence.chat.control.ChatSessions;
import dev.presence.cluster.control.DataGrid;
import dev.presence.status.control.ClientSession;
import dev.presence.status.control.Identity;
import dev.presence.status.control.PresenceMetrics;
import dev.presence.status.control.PresenceRegistry;
import dev.presence.status.control.PresenceSettings;
import dev.presence.status.control.PresenceStore;
import dev.presence.status.entity.Status;
import dev.presence.testing.Await;
import dev.presence.testing.MutableClock;
import dev.presence.testing.RecordingConnection;
import dev.presence.webhook.entity.WebhookEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three nodes on a real Hazelcast cluster in this JVM, each recording user events through its own
 * {@link UserEventHook} with the data grid's ownership: every node hears every change, and each event is
 * recorded by exactly one of them; when a node dies, the owners that take its users offline record each
 * {@code user.offline} once.
 */
class OwnerRecordsOnceTest {

    private static final String CLUSTER = "presence-webhook-test-" + UUID.randomUUID();
    private static final int BASE_PORT = 29500 + (int) (Math.random() * 1500);
    private static final MutableClock CLOCK = new MutableClock();
    private static final List<Node> NODES = new ArrayList<>();

    private static final class Node {
        final String id;
        final HazelcastInstance hz;
        final DataGrid grid;
        final PresenceRegistry registry;
        final ChatSessions rooms;
        final OutboxQueue queue = new OutboxQueue(100_000, 64 << 20);
        final InMemoryOutbox recorded = new InMemoryOutbox();

        Node(String id, int port) {
            this.id = id;
            hz = GridMembers.start(CLUSTER, port, BASE_PORT, 3);
            grid = new DataGrid(hz, Executors.newSingleThreadScheduledExecutor());
            registry = new PresenceRegistry(CLOCK, PresenceSettings.defaults(), PresenceStore.NONE, PresenceMetrics.NONE, id,
                    grid.directory());
            rooms = new ChatSessions(registry, CLOCK, grid.membership(), grid);
            registry.addChangeListener(new UserEventHook(grid::owns, queue, CLOCK, WebhookMetrics.NONE));
            grid.connect(registry, rooms, PresenceStore.NONE, CLOCK);
        }

        ClientSession connect(String userId) {
            ClientSession s = registry.open(new RecordingConnection()).orElseThrow();
            registry.authentication().authenticate(s, new Identity(userId, Set.of()), "r");
            return s;
        }

        List<WebhookEvent> written() {
            queue.flush(recorded);
            return recorded.inserts.stream().flatMap(List::stream).toList();
        }
    }

    @BeforeAll
    static void formCluster() {
        System.setProperty("hazelcast.logging.type", "none");
        for (int i = 0; i < 3; i++) {
            NODES.add(new Node("node-" + i, BASE_PORT + i));
        }
        GridMembers.awaitSpread(NODES.getFirst().hz, 3);
    }

    @AfterAll
    static void stop() {
        Hazelcast.shutdownAll();
    }

    /** Every event written by every live node, by id, with how many nodes wrote it. */
    private static Map<String, Integer> writtenById(List<Node> nodes) {
        Map<String, Integer> count = new TreeMap<>();
        for (Node n : nodes) {
            n.written().forEach(e -> count.merge(e.id(), 1, Integer::sum));
        }
        return count;
    }

    private static long count(Map<String, Integer> byId, String prefix) {
        return byId.keySet().stream().filter(id -> id.startsWith(prefix)).count();
    }

    @Test
    void eachChangeIsRecordedByOneNodeAndADeadNodesUsersGoOfflineOnce() {
        List<String> users = new ArrayList<>();
        Map<String, ClientSession> sessions = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            String user = "user" + i;
            users.add(user);
            sessions.put(user, NODES.get(i % 3).connect(user));
        }
        for (int i = 0; i < 30; i += 2) {
            NODES.get(i % 3).registry.statusChanges().setStatus(sessions.get(users.get(i)), Status.BUSY, "on node " + (i % 3));
        }
        Await.until(() -> count(writtenById(NODES), "user.online:") == 30 && count(writtenById(NODES), "user.status:") == 15,
                Duration.ofSeconds(20), "30 online and 15 status events");
        Map<String, Integer> byId = writtenById(NODES);
        byId.forEach((id, nodes) -> assertEquals(1, nodes, id + " was recorded by " + nodes + " nodes"));
        for (Node n : NODES) {
            assertEquals(true, n.written().size() > 0 && n.written().size() < 45, n.id + " records its share: " + n.written().size());
        }

        // node-2 dies: its member leaves the grid, and the survivors take its sessions out of the entries they own
        Node dead = NODES.get(2);
        dead.hz.getLifecycleService().terminate();
        List<Node> alive = NODES.subList(0, 2);
        Await.until(() -> alive.stream().allMatch(n -> n.hz.getCluster().getMembers().size() == 2
                && n.hz.getPartitionService().isClusterSafe()), Duration.ofSeconds(60), "the partitions to move");
        Instant lastRenewal = CLOCK.instant();
        for (Node n : alive) {
            n.grid.dropOwned(Map.of(dead.id, lastRenewal), n.registry, n.rooms);
        }
        Await.until(() -> count(writtenById(alive), "user.offline:") == 10, Duration.ofSeconds(20), "10 offline events");
        Map<String, Integer> after = writtenById(alive);
        for (int i = 2; i < 30; i += 3) {
            String user = users.get(i);
            List<String> offline = after.keySet().stream().filter(id -> id.startsWith("user.offline:" + user + ":")).toList();
            assertEquals(1, offline.size(), user + " held by the dead node: " + offline);
            assertEquals(1, after.get(offline.getFirst()), user + "'s offline recorded once");
        }
        assertEquals(10, count(after, "user.offline:"), "only the dead node's users went offline");
    }
}
