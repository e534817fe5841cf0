package dev.presence.status.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.status.control.RegistryFixture.Tab;
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
        List<String> seen = w.connection().statusChanges("ivy");
        assertEquals(1, seen.size(), "one change, no grace");
        assertTrue(seen.getFirst().contains("\"isOnline\":false") && seen.getFirst().contains("\"status\":\"offline\""), seen.getFirst());
        assertTrue(seen.getFirst().contains("\"lastSeen\":\"" + wentInvisible.toString().replace("Z", ".000Z") + "\""), seen.getFirst());
        String own = tab2.connection().statusChanges("ivy").getFirst();
        assertTrue(own.contains("\"isOnline\":true") && own.contains("\"status\":\"invisible\""), own);
        assertEquals(1, registry.onlineCount(), "only the watcher is on the online list");
        assertEquals(2, registry.onlineCountAll(), "operators count the invisible user");
        assertEquals(List.of("watcher-ivy"), registry.onlinePage(null, 10).users().stream().map(StatusView::userId).toList());
        assertEquals("offline", registry.status("ivy", "someone").orElseThrow().status());
        assertEquals("invisible", registry.status("ivy", "ivy").orElseThrow().status());

        node.clock.advance(Duration.ofMinutes(5));
        registry.touch(tab1.session()); // activity while invisible
        assertEquals(wentInvisible, registry.views(List.of("ivy")).getFirst().lastSeen(), "others keep the moment they left");

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
        String back = w.connection().statusChanges("ike").getFirst();
        assertTrue(back.contains("\"isOnline\":true") && back.contains("\"status\":\"busy\""), back);
        assertEquals(2, registry.onlineCount());
    }

    @Test
    void anInvisibleUserConnectingIsNotAnnouncedAndTheirSessionIsToldInvisible() throws Exception {
        node.stored.put("iris", new StoredUser(Status.INVISIBLE, null, Instant.parse("2026-11-20T10:00:00Z")));
        Tab w = node.watcher("iris");
        Tab t = node.connect("iris");
        assertTrue(t.connection().frames.getFirst().contains("\"status\":\"invisible\""), t.connection().frames.getFirst());
        assertEquals(List.of(), w.connection().statusChanges("iris"));
        assertEquals("2026-11-20T10:00:00Z", registry.views(List.of("iris")).getFirst().lastSeen().toString());
        UserWrite written = node.writes.getLast();
        assertEquals(Instant.parse("2026-11-20T10:00:00Z"), written.lastSeen(), "the stored lastSeen is the public one");
    }

    @Test
    void anAvailableUserWhoseEverySessionIsIdleIsAwayAutomatically() throws Exception {
        Tab w = node.watcher("ada");
        Tab a1 = node.connect("ada");
        Tab a2 = node.connect("ada");
        w.connection().clear();
        registry.setIdle(a1.session(), true);
        assertEquals(List.of(), w.connection().statusChanges("ada"), "one active session is enough");
        registry.setIdle(a2.session(), true);
        String away = w.connection().statusChanges("ada").getLast();
        assertTrue(away.contains("\"status\":\"away\"") && away.contains("\"auto\":true"), away);
        registry.setIdle(a1.session(), false);
        String back = w.connection().statusChanges("ada").getLast();
        assertTrue(back.contains("\"status\":\"available\"") && back.contains("\"auto\":false"), back);
        assertEquals(2, w.connection().statusChanges("ada").size(), "each switch is one change");
        registry.setIdle(a1.session(), true);
        node.connect("ada");
        assertTrue(w.connection().statusChanges("ada").getLast().contains("\"status\":\"available\""), "a new session starts active");
    }

    @Test
    void idlenessNeverChangesAStatusChosenByHand() throws Exception {
        Tab w = node.watcher("bo");
        Tab t = node.connect("bo");
        for (Status chosen : List.of(Status.BUSY, Status.DND, Status.AWAY, Status.INVISIBLE)) {
            node.setStatusOf(t, chosen, null);
            w.connection().clear();
            registry.setIdle(t.session(), true);
            registry.setIdle(t.session(), false);
            assertEquals(List.of(), w.connection().statusChanges("bo"), chosen + " stays");
        }
    }

    @Test
    void aStatusObjectCarriesAutoFalseWhenNotAutomatic() {
        node.connect("cy");
        assertFalse(registry.views(List.of("cy")).getFirst().auto());
    }
}
