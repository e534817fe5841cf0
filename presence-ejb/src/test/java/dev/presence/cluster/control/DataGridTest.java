package dev.presence.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.presence.chat.control.ChatSessions;
import dev.presence.status.control.ClientSession;
import dev.presence.status.control.PresenceMetrics;
import dev.presence.status.control.PresenceRegistry;
import dev.presence.status.control.PresenceSettings;
import dev.presence.status.control.PresenceStore;
import dev.presence.status.entity.Status;
import dev.presence.testing.Await;
import dev.presence.testing.MutableClock;
import dev.presence.testing.Tab;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on a real two-member Hazelcast cluster in this JVM: presence, chat and node death across nodes,
 * with the registry and chat rooms each node runs. Changes cross nodes asynchronously, so each check waits
 * for the event (up to 10 s) and then asserts exact counts.
 */
class DataGridTest {

    private static final String CLUSTER = "presence-test-" + UUID.randomUUID();
    private static final MutableClock CLOCK = new MutableClock();
    private static Node a;
    private static Node b;

    /** One node: its own Hazelcast member, registry and chat rooms, sharing the grid with the other. */
    private static final class Node {
        final HazelcastInstance hz;
        final DataGrid grid;
        final PresenceRegistry registry;
        final ChatSessions rooms;

        Node(String nodeId, int port) {
            hz = GridMembers.start(CLUSTER, port, BASE_PORT, 2);
            grid = new DataGrid(hz, java.util.concurrent.Executors.newSingleThreadScheduledExecutor());
            registry = new PresenceRegistry(CLOCK, PresenceSettings.defaults(), PresenceStore.NONE, PresenceMetrics.NONE, nodeId,
                    grid.directory());
            rooms = new ChatSessions(registry, CLOCK, grid.membership(), grid);
            grid.connect(registry, rooms, PresenceStore.NONE, CLOCK);
        }

        Tab connect(String userId) {
            Tab t = Tab.signedIn(registry, userId);
            assertEquals("authentication-success", t.connection().frame(0).getString("event"), t.connection().frames.toString());
            return t;
        }

        /** Lets the offline graces run out here. */
        void graceOver() {
            CLOCK.advance(Duration.ofSeconds(4));
            registry.housekeeping().tick();
        }
    }

    private static final int BASE_PORT = 27000 + (int) (Math.random() * 2000);

    @BeforeAll
    static void formCluster() {
        System.setProperty("hazelcast.logging.type", "none");
        a = new Node("node-a", BASE_PORT);
        b = new Node("node-b", BASE_PORT + 1);
        GridMembers.awaitSpread(a.hz, 2);
        GridMembers.awaitSpread(b.hz, 2);
    }

    @AfterAll
    static void stop() {
        Hazelcast.shutdownAll();
    }

    @Test
    void aUserOnOneNodeIsOnlineForWatchersOnTheOtherWithOneEventEachWay() throws Exception {
        Tab watcher = b.connect("w1");
        b.registry.subscriptions().subscribePresence(watcher.session(), List.of("alice1"), null);
        watcher.connection().clear();

        Tab alice = a.connect("alice1");
        await(() -> watcher.connection().statusChanges("alice1").size() == 1);
        assertTrue(watcher.connection().changes("alice1").get(0).getBoolean("isOnline"));
        await(() -> b.registry.reads().onlineCount() == a.registry.reads().onlineCount());

        Tab secondTab = b.connect("alice1"); // a second device on the other node: no event
        b.registry.statusChanges().setStatus(secondTab.session(), Status.BUSY, "in a call");
        await(() -> watcher.connection().statusChanges("alice1").size() == 2);
        await(() -> a.registry.reads().status("alice1").orElseThrow().status().equals("busy"));

        // a session's end runs on the user's lane, which a change arriving from the grid may hold a moment: the
        // grace it starts is waited for (the end is in the grid once the user's sessions there drop) before
        // the clock is moved past it
        a.registry.ended(alice.session());
        await(() -> a.registry.reads().sessionsAnywhere("alice1") == 1);
        a.graceOver();
        b.registry.ended(secondTab.session());
        await(() -> b.registry.reads().sessionsAnywhere("alice1") == 0);
        b.graceOver();
        await(() -> watcher.connection().statusChanges("alice1").size() == 3);
        List<JsonObject> changes = watcher.connection().changes("alice1");
        assertFalse(changes.get(2).getBoolean("isOnline"), changes.toString());
        // node b made the change, so node a's copy follows asynchronously
        await(() -> !a.registry.reads().status("alice1").orElseThrow().isOnline());
        changesOfTheUserHaveReached(b, "alice1", a); // nothing else arrives
        assertEquals(3, watcher.connection().statusChanges("alice1").size());
    }

    @Test
    void aSessionEndingOnOneNodeKeepsTheUserOnlineWhileAnotherNodeHoldsThem() throws Exception {
        Tab watcher = a.connect("w2");
        Tab onA = a.connect("bob2");
        Tab onB = b.connect("bob2");
        await(() -> b.registry.reads().status("bob2").orElseThrow().isOnline());
        a.registry.subscriptions().subscribePresence(watcher.session(), List.of("bob2"), null);
        watcher.connection().clear();

        a.registry.ended(onA.session());
        a.graceOver();
        assertTrue(b.registry.reads().status("bob2").orElseThrow().isOnline());
        assertTrue(a.registry.reads().status("bob2").orElseThrow().isOnline());
        assertEquals(0, watcher.connection().statusChanges("bob2").size());
        assertEquals(1, a.registry.reads().sessionsAnywhere("bob2"));
        assertTrue(onB.connection().closeCode == 0);
    }

    @Test
    void chatMembershipTypingAndMessagesCrossNodes() throws Exception {
        Tab carol = a.connect("carol3");
        Tab dave = b.connect("dave3");
        a.rooms.join(carol.session(), "room3", "j1");
        b.rooms.join(dave.session(), "room3", "j2");
        await(() -> carol.connection().events("user-joined-chat-session").size() == 1);
        assertTrue(dave.connection().parsed("chat-session-joined").get(0).getJsonObject("data").getJsonArray("members").stream()
                .anyMatch(m -> m.asJsonObject().getString("userId").equals("carol3")), "carol is among the members dave is told of");
        assertEquals(Set.of("carol3", "dave3"), Set.copyOf(a.rooms.members("room3")));

        b.rooms.typingStart(dave.session(), "room3");
        await(() -> carol.connection().events("user-typing").size() == 1);

        a.rooms.deliver(carol.session(), "room3", "{\"event\":\"new-message\",\"data\":{\"text\":\"hi\"}}");
        await(() -> dave.connection().events("new-message").size() == 1);
        assertEquals(0, carol.connection().events("new-message").size());

        b.rooms.leave(dave.session(), "room3");
        await(() -> carol.connection().events("user-left-chat-session").size() == 1);
        assertEquals(List.of("carol3"), a.rooms.members("room3"));
    }

    @Test
    void aKickOnOneNodeClosesTheSessionsOnTheOther() {
        Tab erin = a.connect("erin4");
        await(() -> b.registry.reads().sessionsAnywhere("erin4") == 1);
        assertEquals(0, b.registry.housekeeping().closeUser("erin4", 4403, "kick"));
        b.grid.kick("erin4");
        await(() -> erin.connection().closeCode == 4403);
    }

    @Test
    void aDeadNodesUsersGoOfflineOnceWithLastSeenNoEarlierThanItsLastRenewalAndLeaveTheirChats() throws Exception {
        // a node "node-z" that held frank and never came back: its sessions are only in the grid
        Tab grace = b.connect("gina5");
        Tab watcher = b.connect("w5");
        ClientSession ghost = a.connect("frank5").session();
        a.rooms.join(ghost, "room5", "j");
        b.rooms.join(grace.session(), "room5", "j");
        b.registry.subscriptions().subscribePresence(watcher.session(), List.of("frank5"), null);
        watcher.connection().clear();
        await(() -> b.rooms.members("room5").size() == 2);

        Instant lastRenewal = Instant.ofEpochMilli(CLOCK.millis() + 1_000);
        a.grid.dropOwned(Map.of("node-a", lastRenewal), a.registry, a.rooms);
        b.grid.dropOwned(Map.of("node-a", lastRenewal), b.registry, b.rooms);
        b.grid.dropOwned(Map.of("node-a", lastRenewal), b.registry, b.rooms); // twice is harmless

        await(() -> watcher.connection().statusChanges("frank5").size() == 1);
        assertFalse(watcher.connection().changes("frank5").get(0).getBoolean("isOnline"));
        assertFalse(b.registry.reads().status("frank5").orElseThrow().lastSeen().isBefore(lastRenewal));
        await(() -> grace.connection().events("user-left-chat-session").size() == 1);
        assertEquals(List.of("gina5"), b.rooms.members("room5"));
        changesOfTheUserHaveReached(b, "frank5", a);
        assertEquals(1, watcher.connection().statusChanges("frank5").size());
    }

    /**
     * A barrier on the user's changes to node {@code to}: node {@code from} marks the user's lastSeen, a change
     * no watcher is shown. The grid hands each node a user's changes in order, and the node fans each out on
     * the user's lane before it takes the next; so once {@code to} holds the mark, every change before it,
     * and any repeat of one, has reached the sessions there. {@code from} must not be {@code to}: a node takes
     * its own change at once, ahead of the grid's events about the user still on their way to it.
     */
    private static void changesOfTheUserHaveReached(Node to, String userId, Node from) {
        CLOCK.advance(Duration.ofSeconds(2)); // past any lastSeen the test gave the user, so the mark is a change
        Instant marked = from.registry.statusChanges().markLastSeen(userId).lastSeen();
        await(() -> marked.equals(to.registry.reads().status(userId).orElseThrow().lastSeen()));
    }

    static void await(BooleanSupplier condition) {
        Await.until(condition, "the grid's nodes to agree");
    }
}
