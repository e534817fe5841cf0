package dev.presence.webhook.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.status.control.PresenceMetrics;
import dev.presence.status.control.PresenceRegistry;
import dev.presence.status.control.PresenceSettings;
import dev.presence.status.control.PresenceStore;
import dev.presence.status.control.StoredUser;
import dev.presence.status.control.UserState;
import dev.presence.status.control.UserWrite;
import dev.presence.status.entity.Status;
import dev.presence.testing.MutableClock;
import dev.presence.testing.Tab;
import dev.presence.webhook.entity.WebhookEvent;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md §5's user events, from a real registry's changes: {@code user.online}/{@code user.offline}
 * exactly when a watcher (one of the "others") gets an online or offline {@code user-status-change}, and
 * {@code user.status} for every status change while online, auto-away and invisible included.
 */
class UserEventRulesTest {

    private final MutableClock clock = new MutableClock();
    private final Map<String, StoredUser> stored = new HashMap<>();
    private final PresenceStore store = new PresenceStore() {
        @Override
        public Map<String, StoredUser> load(Collection<String> ids) {
            Map<String, StoredUser> out = new HashMap<>();
            ids.forEach(id -> {
                if (stored.containsKey(id)) {
                    out.put(id, stored.get(id));
                }
            });
            return out;
        }

        @Override
        public void write(UserWrite write) {
        }
    };
    private final PresenceRegistry registry = new PresenceRegistry(clock, PresenceSettings.defaults(), store,
            PresenceMetrics.NONE, "n1");
    private final OutboxQueue queue = new OutboxQueue(10_000, 1 << 20);
    private final InMemoryOutbox outbox = new InMemoryOutbox();
    private final Set<String> ownedHere = new HashSet<>(Set.of("alice", "ivy", "iris", "ada", "otto"));
    private int taken;

    UserEventRulesTest() {
        registry.addChangeListener(new UserEventHook(ownedHere::contains, queue, clock, WebhookMetrics.NONE));
    }

    private Tab connect(String userId) {
        return Tab.signedIn(registry, userId);
    }

    private Tab watcher(String userId) throws Exception {
        Tab w = connect("watcher-of-" + userId);
        registry.subscriptions().subscribePresence(w.session(), List.of(userId), null);
        w.connection().clear();
        return w;
    }

    /** The events recorded since the last call, as summaries. */
    private List<String> newEvents() {
        return Events.summary(flushedSince());
    }

    /** The online/offline changes a watcher got since it was last cleared, as the webhook names them. */
    private static List<String> presenceChangesSeenBy(Tab watcher, String userId) {
        List<String> seen = new ArrayList<>();
        boolean online = false;
        for (String f : watcher.connection().statusChanges(userId)) {
            boolean now = f.contains("\"isOnline\":true");
            if (now != online || seen.isEmpty()) {
                seen.add((now ? "user.online " : "user.offline ") + userId);
            }
            online = now;
        }
        watcher.connection().clear();
        return seen;
    }

    private void graceRunsOut() {
        clock.advance(Duration.ofSeconds(4));
        registry.housekeeping().tick();
    }

    @Test
    void onlineAndOfflineComeExactlyWhenOthersSeeThem() throws Exception {
        Tab w = watcher("alice");
        Tab tab1 = connect("alice");
        assertEquals(List.of("user.online alice"), newEvents());
        assertEquals(List.of("user.online alice"), presenceChangesSeenBy(w, "alice"));
        Tab tab2 = connect("alice");
        registry.ended(tab1.session());
        assertEquals(List.of(), newEvents(), "a second tab, and closing one of two, is nothing");
        registry.ended(tab2.session());
        Tab back = connect("alice"); // a reconnect within the grace
        graceRunsOut();
        assertEquals(List.of(), newEvents(), "a reconnect within the grace is nothing");
        assertEquals(List.of(), presenceChangesSeenBy(w, "alice"));
        registry.ended(back.session());
        assertEquals(List.of(), newEvents(), "offline only when the grace has run out");
        graceRunsOut();
        assertEquals(List.of("user.offline alice"), newEvents());
        assertEquals(List.of("user.offline alice"), presenceChangesSeenBy(w, "alice"));
    }

    @Test
    void everyStatusChangeWhileOnlineIsAUserStatusAndComingOnlineIsNot() {
        stored.put("alice", new StoredUser(Status.BUSY, "in a call", Instant.parse("2026-11-20T10:00:00Z")));
        Tab t = connect("alice");
        assertEquals(List.of("user.online alice"), newEvents(), "coming online busy is not a status change");
        registry.statusChanges().setStatus(t.session(), Status.DND, "in a call");
        registry.statusChanges().setStatus(t.session(), Status.DND, "focus");
        registry.statusChanges().setStatus(t.session(), Status.DND, "focus"); // no change at all
        registry.statusChanges().setStatus(t.session(), Status.AVAILABLE, null);
        assertEquals(List.of("user.status alice dnd 'in a call'", "user.status alice dnd 'focus'",
                "user.status alice available"), newEvents());
    }

    @Test
    void eachAutoAwaySwitchIsAUserStatusWithAuto() {
        Tab a1 = connect("ada");
        Tab a2 = connect("ada");
        newEvents();
        registry.statusChanges().setIdle(a1.session(), true);
        assertEquals(List.of(), newEvents(), "one active session is enough");
        registry.statusChanges().setIdle(a2.session(), true);
        registry.statusChanges().setIdle(a1.session(), false);
        assertEquals(List.of("user.status ada away auto", "user.status ada available"), newEvents());
        registry.statusChanges().setIdle(a1.session(), true);
        connect("ada");
        assertEquals(List.of("user.status ada away auto", "user.status ada available"), newEvents(),
                "a new session starts active");
    }

    @Test
    void goingInvisibleIsAStatusThenOfflineAndLeavingItAStatusThenOnline() throws Exception {
        Tab w = watcher("ivy");
        Tab t = connect("ivy");
        newEvents();
        w.connection().clear();
        clock.advance(Duration.ofSeconds(7));
        Instant hidden = clock.instant();
        registry.statusChanges().setStatus(t.session(), Status.INVISIBLE, null);
        List<WebhookEvent> events = flushedSince();
        assertEquals(List.of("user.status ivy invisible", "user.offline ivy"), Events.summary(events));
        assertEquals(List.of("user.offline ivy"), presenceChangesSeenBy(w, "ivy"));
        JsonObject offline = Events.parse(events.get(1).json());
        assertEquals(hidden.toString().replace("Z", ".000Z"), offline.getString("lastSeen"), "the moment they went invisible");
        assertEquals(events.get(0).seq(), events.get(1).seq(), "one change");
        assertTrue(events.get(0).n() < events.get(1).n(), "the status first");

        registry.statusChanges().setStatus(t.session(), Status.INVISIBLE, "shh");
        assertEquals(List.of("user.status ivy invisible 'shh'"), newEvents(), "still online to themselves");
        registry.statusChanges().setStatus(t.session(), Status.BUSY, null);
        assertEquals(List.of("user.status ivy busy", "user.online ivy"), newEvents());
        presenceChangesSeenBy(w, "ivy");
        registry.statusChanges().setStatus(t.session(), Status.INVISIBLE, null);
        assertEquals(List.of("user.status ivy invisible", "user.offline ivy"), newEvents());
        assertEquals(List.of("user.offline ivy"), presenceChangesSeenBy(w, "ivy"));
        registry.ended(t.session());
        graceRunsOut();
        assertEquals(List.of(), newEvents(), "an invisible user's last session ending announces nothing");
        assertEquals(List.of(), presenceChangesSeenBy(w, "ivy"));
    }

    @Test
    void anInvisibleUserConnectingIsNotAnnounced() {
        stored.put("iris", new StoredUser(Status.INVISIBLE, null, Instant.parse("2026-11-20T10:00:00Z")));
        connect("iris");
        assertEquals(List.of(), newEvents());
    }

    @Test
    void onlyTheOwnerRecordsAUsersEvents() {
        Tab t = connect("bob"); // not owned here: another node records bob's events
        registry.statusChanges().setStatus(t.session(), Status.BUSY, null);
        assertEquals(List.of(), newEvents());
    }

    @Test
    void eventsCarryTheirFieldsAndAnIdMadeOfTheChange() {
        Tab t = connect("otto");
        registry.statusChanges().setStatus(t.session(), Status.AWAY, "lunch");
        List<WebhookEvent> events = flushedSince();
        List<JsonObject> json = Events.parse(events);
        JsonObject online = json.get(0);
        assertEquals(Set.of("id", "type", "time", "userId", "lastSeen"), online.keySet());
        assertEquals("2026-11-27T21:30:00.000Z", online.getString("time"));
        JsonObject status = json.get(1);
        assertEquals(Set.of("id", "type", "time", "userId", "status", "statusText", "auto"), status.keySet());
        assertEquals("away", status.getString("status"));
        assertEquals("lunch", status.getString("statusText"));
        assertEquals(false, status.getBoolean("auto"));
        for (int i = 0; i < events.size(); i++) {
            assertEquals(events.get(i).id(), json.get(i).getString("id"));
            assertTrue(events.get(i).id().matches(json.get(i).getString("type") + ":otto:\\d+"), events.get(i).id());
        }
        assertTrue(events.get(0).seq() < events.get(1).seq(), "in order");
    }

    @Test
    void theSameChangeClassifiedTwiceHasTheSameIds() {
        UserState before = UserState.initial("u", null);
        UserState after = before.heldBy("n1", 1, 1, 1_000);
        List<WebhookEvent> once = UserEventRules.classify(before, after, 5);
        List<WebhookEvent> again = UserEventRules.classify(before, after, 9);
        assertEquals(once.stream().map(WebhookEvent::id).toList(), again.stream().map(WebhookEvent::id).toList());
        assertEquals(List.of("user.online:u:" + after.version()), once.stream().map(WebhookEvent::id).toList());
    }

    @Test
    void aUserTakenOfflineByAReconciliationGetsAnOfflineEventWithTheLastSeenWritten() {
        WebhookEvent e = UserEventRules.offlineAfterCrash("dave", Instant.parse("2026-11-27T21:29:55Z"), clock.millis());
        JsonObject json = Events.parse(e.json());
        assertEquals("user.offline", json.getString("type"));
        assertEquals("2026-11-27T21:29:55.000Z", json.getString("lastSeen"));
        assertEquals("user.offline:dave:r" + Instant.parse("2026-11-27T21:29:55Z").toEpochMilli(), e.id());
    }

    /** The events written since the last call, in the order they were queued. */
    private List<WebhookEvent> flushedSince() {
        queue.flush(outbox);
        List<WebhookEvent> all = outbox.inserts.stream().flatMap(List::stream).toList();
        List<WebhookEvent> fresh = all.subList(taken, all.size());
        taken = all.size();
        return fresh;
    }
}
