package dev.presence.status.control;

import jakarta.json.JsonObject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.testing.Tab;
import dev.presence.status.entity.Status;
import dev.presence.status.entity.StatusView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md §5: invisible, idle and auto-away. */
class InvisibleAndIdleTest {

    private final RegistryFixture node = new RegistryFixture();
    private final PresenceRegistry registry = node.registry;

    @Test
    void goingInvisibleLooksLikeALeaveToOthersAtOnceAndTheUserSeesInvisible() throws Exception {
        Tab w = node.watcher("ivy");
        Tab tab1 = node.connect("ivy");
        Tab tab2 = node.connect("ivy");
        w.connection().clear();
        tab2.connection().clear();
        node.clock.advance(Duration.ofSeconds(7));
        Instant wentInvisible = node.clock.instant();
        node.setStatusOf(tab1, Status.INVISIBLE, null);
        List<JsonObject> seen = w.connection().changes("ivy");
        assertEquals(1, seen.size(), "one change, no grace");
        assertFalse(seen.getFirst().getBoolean("isOnline"));
        assertEquals("offline", seen.getFirst().getString("status"));
        assertEquals(wentInvisible, Instant.parse(seen.getFirst().getString("lastSeen")));
        JsonObject own = tab2.connection().changes("ivy").getFirst();
        assertTrue(own.getBoolean("isOnline"));
        assertEquals("invisible", own.getString("status"));
        assertEquals(1, registry.reads().onlineCount(), "only the watcher is on the online list");
        assertEquals(2, registry.reads().onlineCountAll(), "operators count the invisible user");
        assertEquals(List.of("watcher-ivy"), registry.reads().onlinePage(null, 10).users().stream().map(StatusView::userId).toList());
        assertEquals("offline", registry.reads().status("ivy", "someone").orElseThrow().status());
        assertEquals("invisible", registry.reads().status("ivy", "ivy").orElseThrow().status());

        node.clock.advance(Duration.ofMinutes(5));
        registry.touch(tab1.session()); // activity while invisible
        assertEquals(wentInvisible, registry.reads().views(List.of("ivy")).getFirst().lastSeen(), "others keep the moment they left");

        w.connection().clear();
        node.close(tab1);
        node.close(tab2);
        node.pass(Duration.ofSeconds(5));
        assertEquals(List.of(), w.connection().statusChanges("ivy"), "they already appear offline: nothing more");
    }

    @Test
    void leavingInvisibleAnnouncesTheUserOnlineAtOnce() throws Exception {
        Tab w = node.watcher("ike");
        Tab t = node.connect("ike");
        node.setStatusOf(t, Status.INVISIBLE, null);
        w.connection().clear();
        node.setStatusOf(t, Status.BUSY, "back");
        JsonObject back = w.connection().changes("ike").getFirst();
        assertTrue(back.getBoolean("isOnline"));
        assertEquals("busy", back.getString("status"));
        assertEquals(2, registry.reads().onlineCount());
    }

    @Test
    void anInvisibleUserConnectingIsNotAnnouncedAndTheirSessionIsToldInvisible() throws Exception {
        node.stored.put("iris", new StoredUser(Status.INVISIBLE, null, Instant.parse("2026-11-20T10:00:00Z")));
        Tab w = node.watcher("iris");
        Tab t = node.connect("iris");
        assertEquals("invisible", t.connection().frame(0).getJsonObject("data").getString("status"));
        assertEquals(List.of(), w.connection().statusChanges("iris"));
        assertEquals("2026-11-20T10:00:00Z", registry.reads().views(List.of("iris")).getFirst().lastSeen().toString());
        UserWrite written = node.writes.getLast();
        assertEquals(Instant.parse("2026-11-20T10:00:00Z"), written.lastSeen(), "the stored lastSeen is the public one");
    }

    @Test
    void anAvailableUserWhoseEverySessionIsIdleIsAwayAutomatically() throws Exception {
        Tab w = node.watcher("ada");
        Tab a1 = node.connect("ada");
        Tab a2 = node.connect("ada");
        w.connection().clear();
        registry.statusChanges().setIdle(a1.session(), true);
        assertEquals(List.of(), w.connection().statusChanges("ada"), "one active session is enough");
        registry.statusChanges().setIdle(a2.session(), true);
        JsonObject away = w.connection().changes("ada").getLast();
        assertEquals("away", away.getString("status"));
        assertTrue(away.getBoolean("auto"));
        registry.statusChanges().setIdle(a1.session(), false);
        JsonObject back = w.connection().changes("ada").getLast();
        assertEquals("available", back.getString("status"));
        assertFalse(back.getBoolean("auto"));
        assertEquals(2, w.connection().statusChanges("ada").size(), "each switch is one change");
        registry.statusChanges().setIdle(a1.session(), true);
        node.connect("ada");
        assertEquals("available", w.connection().changes("ada").getLast().getString("status"), "a new session starts active");
    }

    @Test
    void idlenessNeverChangesAStatusChosenByHand() throws Exception {
        Tab w = node.watcher("bo");
        Tab t = node.connect("bo");
        for (Status chosen : List.of(Status.BUSY, Status.DND, Status.AWAY, Status.INVISIBLE)) {
            node.setStatusOf(t, chosen, null);
            w.connection().clear();
            registry.statusChanges().setIdle(t.session(), true);
            registry.statusChanges().setIdle(t.session(), false);
            assertEquals(List.of(), w.connection().statusChanges("bo"), chosen + " stays");
        }
    }

    @Test
    void aStatusObjectCarriesAutoFalseWhenNotAutomatic() {
        node.connect("cy");
        assertFalse(registry.reads().views(List.of("cy")).getFirst().auto());
    }
}
