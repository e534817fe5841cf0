package dev.presence.status.control;

import jakarta.json.JsonObject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.status.entity.Status;
import dev.presence.testing.MutableClock;
import dev.presence.testing.Tab;
import dev.presence.testing.RecordingConnection;
import dev.presence.status.entity.StatusView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PresenceRegistryTest {

    private final RegistryFixture node = new RegistryFixture();
    private final MutableClock clock = node.clock;
    private final List<UserWrite> writes = node.writes;
    private final Map<String, StoredUser> stored = node.stored;
    private PresenceRegistry registry = node.registry;

    private Tab open() {
        return node.open();
    }

    private Tab connect(String userId) {
        return node.connect(userId);
    }

    private Tab watcher(String... userIds) throws Exception {
        return node.watcher(userIds);
    }

    private void close(Tab t) {
        node.close(t);
    }

    private void pass(Duration d) {
        node.pass(d);
    }

    @Test
    void firstSessionEmitsOnlineOnceAndSecondTabNothing() throws Exception {
        Tab w = watcher("alice");
        Tab a = connect("alice");
        assertEquals(1, w.connection().statusChanges("alice").size());
        assertTrue(w.connection().changes("alice").get(0).getBoolean("isOnline"));
        assertTrue(a.connection().frames.get(0).startsWith("{\"event\":\"authentication-success\""),
                "the reply comes before the session hears of its own online change");
        connect("alice");
        assertEquals(1, w.connection().statusChanges("alice").size());
    }

    @Test
    void lastSessionEndingEmitsOfflineAfterTheGraceWithLastSeenAtTheEnd() throws Exception {
        Tab w = watcher("bob");
        Tab a = connect("bob");
        Tab b = connect("bob");
        close(a);
        pass(Duration.ofSeconds(10));
        assertEquals(1, w.connection().statusChanges("bob").size(), "closing one of two tabs emits nothing");
        String endedAt = "2026-11-27T21:30:10.000Z";
        close(b);
        pass(Duration.ofMillis(2_900));
        assertEquals(1, w.connection().statusChanges("bob").size(), "nothing inside the grace");
        pass(Duration.ofMillis(100));
        List<JsonObject> changes = w.connection().changes("bob");
        assertEquals(2, changes.size());
        assertFalse(changes.get(1).getBoolean("isOnline"));
        assertEquals("offline", changes.get(1).getString("status"));
        assertEquals(endedAt, changes.get(1).getString("lastSeen"));
        assertEquals(1, registry.reads().onlineCount(), "only the watcher is left");
    }

    @Test
    void reconnectInsideTheGraceEmitsNothing() throws Exception {
        Tab w = watcher("carol");
        close(connect("carol"));
        pass(Duration.ofSeconds(1));
        connect("carol");
        pass(Duration.ofSeconds(5));
        assertEquals(1, w.connection().statusChanges("carol").size());
        assertEquals(2, registry.reads().onlineCount());
    }

    @Test
    void statusChangesReachOwnTabsSubscribersAndListSubscribersButNotStrangers() throws Exception {
        Tab w = watcher("dave");
        Tab list = connect("dashboard");
        registry.subscriptions().subscribeOnlineList(list.session());
        Tab stranger = connect("stranger");
        Tab a = connect("dave");
        Tab b = connect("dave");
        registry.statusChanges().setStatus(a.session(), Status.BUSY, "in a call");
        for (Tab t : List.of(w, list, a, b)) {
            assertTrue(t.connection().changes("dave").stream().anyMatch(c -> c.getString("status").equals("busy")
                    && "in a call".equals(c.getString("statusText", null))), "missing at " + t.session());
        }
        assertEquals(List.of(), stranger.connection().statusChanges("dave"));
        registry.subscriptions().unsubscribePresence(w.session(), List.of("dave"));
        registry.subscriptions().unsubscribeOnlineList(list.session());
        w.connection().clear();
        list.connection().clear();
        registry.statusChanges().setStatus(a.session(), Status.AWAY, null);
        assertEquals(List.of(), w.connection().statusChanges("dave"));
        assertEquals(List.of(), list.connection().statusChanges("dave"));
    }

    @Test
    void aChangeMadeWhileTheSnapshotIsReadArrivesAfterTheSnapshot() throws Exception {
        Tab zed = connect("zed");
        Tab w = connect("watcher-zed");
        w.connection().clear();
        // the snapshot reads "newbie" from the database; zed changes status meanwhile
        node.atNextLoad = () -> registry.statusChanges().setStatus(zed.session(), Status.BUSY, null);
        registry.subscriptions().subscribePresence(w.session(), List.of("zed", "newbie"), "s1");
        List<String> frames = w.connection().frames;
        assertEquals(2, frames.size(), frames.toString());
        assertEquals("presence-snapshot", w.connection().frame(0).getString("event"));
        assertEquals("s1", w.connection().frame(0).getString("ref"));
        assertEquals("user-status-change", w.connection().frame(1).getString("event"));
        assertEquals("busy", w.connection().frame(1).getJsonObject("data").getString("status"));
    }

    @Test
    void aSessionInSeveralAudiencesGetsTheEventOnce() throws Exception {
        Tab a = connect("erin");
        registry.subscriptions().subscribePresence(a.session(), List.of("erin"), null);
        registry.subscriptions().subscribeOnlineList(a.session());
        a.connection().clear();
        registry.statusChanges().setStatus(a.session(), Status.DND, null);
        assertEquals(1, a.connection().statusChanges("erin").size());
    }

    @Test
    void statusAndTextSurviveSessionsAndComeFromTheStoreForAKnownUser() {
        stored.put("frank", new StoredUser(Status.BUSY, "focus", java.time.Instant.parse("2026-11-01T00:00:00.000Z")));
        Tab a = connect("frank");
        assertEquals("busy", a.connection().frame(0).getJsonObject("data").getString("status"));
        StatusView v = registry.reads().status("frank").orElseThrow();
        assertEquals("focus", v.statusText());
        assertTrue(registry.reads().status("nobody").isEmpty(), "a user never seen has no status");
        StatusView never = registry.reads().views(List.of("nobody")).get(0);
        assertFalse(never.isOnline());
        assertNull(never.lastSeen());
    }

    @Test
    void tokenBucketAllowsTheBurstThenTheRateAndClosesAPersistentFlooder() {
        Tab a = connect("gina");
        int admitted = 0;
        for (int i = 0; i < 100; i++) {
            admitted += registry.admit(a.session()) ? 1 : 0;
        }
        assertEquals(40, admitted);
        clock.advance(Duration.ofMillis(500));
        admitted = 0;
        for (int i = 0; i < 100; i++) {
            admitted += registry.admit(a.session()) ? 1 : 0;
        }
        assertEquals(10, admitted, "20 per second refill");
        for (int s = 0; s < 11 && a.connection().closeCode == 0; s++) {
            clock.advance(Duration.ofMillis(1_000));
            for (int i = 0; i < 100; i++) {
                registry.admit(a.session());
            }
        }
        assertEquals(CloseCodes.POLICY, a.connection().closeCode);
        assertTrue(a.session().hasEnded());
    }

    @Test
    void unauthenticatedSessionsCloseWith4401AndSilentOnesWith4408() {
        Tab idle = open();
        Tab quiet = connect("hank");
        pass(Duration.ofMillis(9_999));
        assertEquals(0, idle.connection().closeCode);
        pass(Duration.ofMillis(1));
        assertEquals(CloseCodes.AUTHENTICATION, idle.connection().closeCode);
        clock.advance(Duration.ofSeconds(51));
        registry.housekeeping().closeSilentSessions();
        assertEquals(CloseCodes.HEARTBEAT_TIMEOUT, quiet.connection().closeCode);
        assertEquals(0, registry.reads().sessionCount());
    }

    @Test
    void sessionLimitsPerUserAndPerNode() {
        node.registry = registry = new PresenceRegistry(clock, PresenceSettings.from(Map.of("presence.max-sessions-per-user", "2",
                "presence.max-sessions", "3", "presence.max-unauthenticated", "3")::get), node.store, PresenceMetrics.NONE, "n1");
        connect("ivan");
        connect("ivan");
        Tab third = open();
        registry.authentication().authenticate(third.session(), new Identity("ivan", Set.of()), "r");
        assertEquals("too-many-sessions", third.connection().frame(0).getJsonObject("data").getString("code"));
        assertEquals(CloseCodes.TOO_MANY_SESSIONS, third.connection().closeCode);
        assertTrue(third.session().hasEnded(), "a refused session ends at once");
        Tab fourth = open();
        assertTrue(registry.open(new RecordingConnection()).isEmpty(), "the node is full");
        close(fourth);
        assertTrue(registry.open(new RecordingConnection()).isPresent());
    }

    @Test
    void aSessionSubscribesToAtMostAThousandUsersAndARefusedRequestChangesNothing() throws Exception {
        Tab w = connect("judy");
        registry.subscriptions().subscribePresence(w.session(), IntStream.range(0, 1000).mapToObj(i -> "u" + i).toList(), null);
        registry.subscriptions().subscribePresence(w.session(), List.of("u1", "u2"), null);
        assertThrows(SubscriptionLimitException.class, () -> registry.subscriptions().subscribePresence(w.session(), List.of("extra"), null));
        w.connection().clear();
        connect("extra");
        assertEquals(List.of(), w.connection().statusChanges("extra"));
    }

    @Test
    void onlineListPagesInUserIdOrderWithACursor() {
        List.of("c", "a", "e", "b", "d").forEach(this::connect);
        OnlinePage first = registry.reads().onlinePage(null, 2);
        assertEquals(List.of("a", "b"), first.users().stream().map(StatusView::userId).toList());
        assertEquals(5, first.total());
        OnlinePage second = registry.reads().onlinePage(first.nextCursor(), 2);
        assertEquals(List.of("c", "d"), second.users().stream().map(StatusView::userId).toList());
        OnlinePage last = registry.reads().onlinePage(second.nextCursor(), 2);
        assertEquals(List.of("e"), last.users().stream().map(StatusView::userId).toList());
        assertNull(last.nextCursor());
        assertThrows(IllegalArgumentException.class, () -> registry.reads().onlinePage("!!", 2));
    }

    @Test
    void everyTransitionIsWrittenBehindWithTheSocketIds() {
        Tab a = connect("kate");
        close(a);
        pass(Duration.ofSeconds(3));
        assertEquals(a.session().id(), writes.get(0).addSocket());
        assertTrue(writes.get(0).isOnline());
        assertTrue(writes.stream().anyMatch(w -> a.session().id().equals(w.removeSocket())));
        UserWrite last = writes.get(writes.size() - 1);
        assertFalse(last.isOnline());
        assertEquals("2026-11-27T21:30:00Z", last.lastSeen().toString());
    }

    @Test
    void gracefulStopClosesWith1001AndTakesUsersOfflineAtOnce() throws Exception {
        Tab a = connect("liam");
        registry.housekeeping().stop();
        assertEquals(CloseCodes.GOING_AWAY, a.connection().closeCode);
        assertEquals(0, registry.reads().onlineCount());
        assertFalse(writes.get(writes.size() - 1).isOnline());
        assertTrue(registry.open(new RecordingConnection()).isEmpty());
    }

    @Test
    void unsubscribingFromUsersNeverWatchedChangesNothing() {
        Tab w = connect("nina");
        registry.subscriptions().unsubscribePresence(w.session(), List.of("nobody", "someone")); // threw on a session that never subscribed
        registry.subscriptions().unsubscribeOnlineList(w.session());
        assertEquals(1, registry.reads().onlineCount());
    }
}
