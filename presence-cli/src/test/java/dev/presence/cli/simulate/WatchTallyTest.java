package dev.presence.cli.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WatchTallyTest {

    private static String change(String user, boolean online) {
        return "{\"event\":\"user-status-change\",\"data\":{\"userId\":\"" + user + "\",\"isOnline\":" + online
                + ",\"status\":\"" + (online ? "available" : "offline") + "\",\"statusText\":null,\"lastSeen\":null,\"auto\":false}}";
    }

    private static String snapshot(String... usersAndStates) {
        StringBuilder b = new StringBuilder("{\"event\":\"presence-snapshot\",\"data\":{\"users\":[");
        for (int i = 0; i < usersAndStates.length; i += 2) {
            b.append(i == 0 ? "" : ",").append("{\"userId\":\"").append(usersAndStates[i]).append("\",\"isOnline\":")
                    .append(usersAndStates[i + 1]).append(",\"status\":\"available\",\"statusText\":\"a \\\"userId\\\" b\"}");
        }
        return b.append("]}}").toString();
    }

    @Test
    void oneOfflineAndOneOnlinePerWatchIsTheTarget() {
        WatchTally t = new WatchTally(List.of(List.of("a", "b"), List.of("b")));
        t.observeFrame(0, snapshot("a", "true", "b", "true"));
        t.observeFrame(1, snapshot("b", "true"));
        t.observeFrame(0, change("a", false)); // before the mark: the baseline, not counted
        t.observeFrame(0, change("a", true));
        t.mark();
        for (int w = 0; w < 2; w++) {
            t.observeFrame(w, change("b", false));
            t.observeFrame(w, change("b", true));
        }
        t.observeFrame(0, change("a", false));
        t.observeFrame(0, change("a", true));
        WatchTally.Summary s = t.summary();
        assertEquals(3, s.watches());
        assertEquals(3, s.offline1());
        assertEquals(3, s.online1());
        assertEquals(0, s.offline0() + s.offlineMany() + s.online0() + s.onlineMany() + s.finalOffline());
        assertEquals(2, s.users());
        assertEquals(2, s.usersExactlyOneEach());
    }

    @Test
    void aSnapshotCountsOnlyWhenItDiffersAndRepeatsAreNoChange() {
        WatchTally t = new WatchTally(List.of(List.of("a", "b", "c"), List.of("a")));
        t.mark();
        // watcher 0 reconnects: a is still offline in its snapshot, then comes online; b came back before it
        // re-subscribed (seen neither way); c flapped: two offline changes and two online
        t.observeFrame(0, snapshot("a", "false", "b", "true", "c", "false"));
        t.observeFrame(0, change("a", false)); // a repeat of the known state
        t.observeFrame(0, change("a", true));
        t.observeFrame(0, change("c", true));
        t.observeFrame(0, change("c", false));
        t.observeFrame(0, change("c", true));
        // watcher 1 saw a go offline and never come back
        t.observeFrame(1, change("a", false));
        t.observeFrame(1, change("zz", false)); // not watched: ignored
        WatchTally.Summary s = t.summary();
        assertEquals(4, s.watches());
        assertEquals(1, s.offline0(), "b at watcher 0");
        assertEquals(2, s.offline1(), "a at both watchers");
        assertEquals(1, s.offlineMany(), "c");
        assertEquals(2, s.online0(), "b at watcher 0, a at watcher 1");
        assertEquals(1, s.online1());
        assertEquals(1, s.onlineMany());
        assertEquals(1, s.finalOffline(), "a at watcher 1");
        assertEquals(3, s.users());
        assertEquals(1, s.usersOffline0());
        assertEquals(1, s.usersOffline1(), "a");
        assertEquals(1, s.usersOfflineMany());
        assertEquals(2, s.usersOnline0(), "a (watcher 1) and b");
        assertEquals(0, s.usersOnline1());
        assertEquals(1, s.usersOnlineMany());
        assertEquals(0, s.usersExactlyOneEach());
    }

    @Test
    void watchersSpreadOverEveryUserWhenTheyHaveRoomAndSampleOtherwise() {
        List<String> users = Driver.users("u", 0, 2500);
        java.util.Set<String> covered = new java.util.HashSet<>();
        for (int w = 0; w < 3; w++) {
            List<String> mine = RestartScenario.sample(users, w, 3);
            assertEquals(1000, mine.size());
            assertEquals(1000, new java.util.HashSet<>(mine).size(), "no user twice in one subscription");
            covered.addAll(mine);
        }
        assertEquals(2500, covered.size());
        List<String> few = RestartScenario.sample(users, 1, 2);
        assertEquals("u-1250", few.get(0), "two watchers of 1,000 over 2,500 users take every 2.5th");
        assertEquals(List.of("u-0", "u-1", "u-2"), RestartScenario.sample(Driver.users("u", 0, 3), 5, 100));
    }
}
