package dev.presence.status.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.testing.Tab;
import dev.presence.status.entity.Status;
import dev.presence.testing.RecordingConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What one signed-in user can make a node keep: bounded by live work, not by the history of requests. */
class ResourceBoundsTest {

    @Test
    void idsNeverSeenAreAskedOfTheDatabaseOnceWhileRemembered() {
        RegistryFixture node = new RegistryFixture();
        List<String> strangers = IntStream.range(0, 500).mapToObj(i -> "nobody-" + i).toList();
        node.registry.reads().views(strangers);
        node.registry.reads().views(strangers);
        node.registry.reads().status("nobody-3");
        assertEquals(1, node.loads.get(), "one read for 500 unknown ids, then none while they are remembered");
        assertEquals(0, node.registry.reads().usersInMemory(), "reads of unknown ids keep nobody in memory");
        node.clock.advance(Duration.ofMillis(PresenceRegistry.NEVER_SEEN_TTL_MILLIS));
        node.registry.reads().views(strangers.subList(0, 1));
        assertEquals(2, node.loads.get(), "remembered for a while only: the id may exist by now");
    }

    @Test
    void aUserWhoAuthenticatesIsNoLongerTakenForNeverSeen() {
        RegistryFixture node = new RegistryFixture();
        assertTrue(node.registry.reads().status("newcomer").isEmpty());
        node.connect("newcomer");
        assertTrue(node.registry.reads().status("newcomer").orElseThrow().isOnline());
    }

    @Test
    void offlineUsersLeaveMemoryOnceUnusedAndComeBackFromTheStore() throws Exception {
        RegistryFixture node = new RegistryFixture(Map.of("presence.offline-user-ttl-ms", "60000"));
        for (int i = 0; i < 50; i++) {
            node.close(node.connect("passer-" + i));
        }
        Tab watched = node.connect("watched");
        node.setStatusOf(watched, Status.BUSY, "kept");
        Tab w = node.watcher("watched");
        node.close(watched);
        node.pass(Duration.ofSeconds(5)); // graces over: all offline
        node.stored.put("passer-7", new StoredUser(Status.DND, "from the store", Instant.parse("2026-11-27T21:30:00Z")));
        assertEquals(52, node.registry.reads().usersInMemory());
        node.clock.advance(Duration.ofSeconds(54)); // 59 s after their last use
        assertEquals(0, node.registry.housekeeping().evictUnusedUsers(), "not before their time");
        node.clock.advance(Duration.ofSeconds(2));
        assertEquals(50, node.registry.housekeeping().evictUnusedUsers());
        assertEquals(2, node.registry.reads().usersInMemory(), "the watched user and the watcher stay");
        assertEquals("from the store", node.registry.reads().status("passer-7").orElseThrow().statusText(),
                "read again from the database, not from a stale copy");
        w.connection().clear();
        node.connect("watched");
        assertEquals(1, w.connection().statusChanges("watched").size(), "the watcher still hears of the user");
    }

    @Test
    void aUserWithAWriteNotYetInTheDatabaseStaysInMemory() {
        RegistryFixture node = new RegistryFixture(Map.of("presence.offline-user-ttl-ms", "1000"));
        PresenceRegistry pendingEverything = new PresenceRegistry(node.clock, PresenceSettings.from(
                Map.of("presence.offline-user-ttl-ms", "1000")::get), new PresenceStore() {
                    @Override
                    public Map<String, StoredUser> load(java.util.Collection<String> userIds) {
                        return Map.of();
                    }

                    @Override
                    public void write(UserWrite write) {
                    }

                    @Override
                    public boolean pending(String userId) {
                        return true;
                    }
                }, PresenceMetrics.NONE, "n1");
        node.registry = pendingEverything;
        node.close(node.connect("unflushed"));
        node.pass(Duration.ofSeconds(10));
        assertEquals(0, pendingEverything.housekeeping().evictUnusedUsers());
        assertEquals(1, pendingEverything.reads().usersInMemory());
    }

    @Test
    void connectionsThatNeverAuthenticateHaveTheirOwnCapAndAuthenticatedOnesDoNotCountInIt() {
        RegistryFixture node = new RegistryFixture(Map.of("presence.max-sessions", "100", "presence.max-unauthenticated", "5"));
        for (int i = 0; i < 20; i++) {
            node.connect("real-" + i);
        }
        List<Tab> waiting = IntStream.range(0, 5).mapToObj(i -> node.open()).toList();
        assertTrue(node.registry.open(new RecordingConnection()).isEmpty(), "a sixth unauthenticated connection is refused");
        assertEquals(25, node.registry.reads().sessionCount(), "far below the node's 100");
        node.registry.authentication().authenticate(waiting.get(0).session(), new Identity("late", java.util.Set.of()), null);
        node.close(waiting.get(1));
        assertEquals(3, node.registry.reads().unauthenticatedCount());
        node.connect("next-1");
        node.connect("next-2");
        assertTrue(node.registry.open(new RecordingConnection()).isPresent(), "room again once some authenticated or left");
    }

    @Test
    void theUnauthenticatedShareDefaultsToFivePercentOfTheNode() {
        assertEquals(900, PresenceSettings.defaults().maxUnauthenticated());
    }

    @Test
    void aSessionWhoseWriteNeverFinishesIsAbortedAndItsUserGoesOffline() throws Exception {
        RegistryFixture node = new RegistryFixture(Map.of("presence.write-timeout-ms", "30000", "presence.offline-grace-ms", "0"));
        Tab w = node.watcher("stuck");
        RecordingConnection stuck = new RecordingConnection();
        ClientSession s = node.registry.open(stuck).orElseThrow();
        node.registry.authentication().authenticate(s, new Identity("stuck", java.util.Set.of()), null);
        stuck.writingSince = node.clock.millis();
        node.clock.advance(Duration.ofSeconds(30));
        node.registry.housekeeping().closeSilentSessions();
        assertEquals(0, stuck.abortCode, "30 s is the limit, not past it");
        node.clock.advance(Duration.ofMillis(1));
        node.registry.housekeeping().closeSilentSessions();
        assertEquals(CloseCodes.POLICY, stuck.abortCode);
        assertTrue(s.hasEnded());
        assertFalse(w.connection().changes("stuck").getLast().getBoolean("isOnline"));
    }

    @Test
    void sessionsThatEndedLeaveNothingInTheTimers() {
        RegistryFixture node = new RegistryFixture(Map.of("presence.offline-grace-ms", "0"));
        int before = node.registry.deadlines().size();
        for (int i = 0; i < 1000; i++) {
            node.close(node.open()); // a connection that never authenticated
        }
        for (int i = 0; i < 100; i++) {
            Tab t = node.open();
            node.registry.authentication().authenticate(t.session(), new Identity("briefly-" + i, java.util.Set.of()),
                    node.clock.instant().plus(Duration.ofHours(2)), null);
            node.close(t);
        }
        assertEquals(before, node.registry.deadlines().size(),
                "no timer keeps an ended session (its connection, its buffers) reachable");
        assertEquals(0, node.registry.reads().sessionCount());
    }
}
