package dev.presence.chat.control;

import jakarta.json.JsonObject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.status.control.ClientSession;
import dev.presence.status.control.Identity;
import dev.presence.status.control.PresenceMetrics;
import dev.presence.status.control.PresenceRegistry;
import dev.presence.status.control.PresenceSettings;
import dev.presence.status.control.PresenceStore;
import dev.presence.status.control.SubscriptionLimitException;
import dev.presence.testing.MutableClock;
import dev.presence.testing.RecordingConnection;
import dev.presence.testing.Tab;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChatSessionsTest {

    private final MutableClock clock = new MutableClock();
    private final PresenceRegistry registry = new PresenceRegistry(clock, PresenceSettings.defaults(),
            PresenceStore.NONE, PresenceMetrics.NONE, "n1");
    private final ChatSessions rooms = new ChatSessions(registry, clock);

    private Tab connect(String userId) {
        RecordingConnection c = new RecordingConnection();
        ClientSession s = registry.open(c).orElseThrow();
        registry.authentication().authenticate(s, new Identity(userId, Set.of()), null);
        c.clear();
        return new Tab(s, c);
    }

    private void pass(Duration d) {
        clock.advance(d);
        registry.housekeeping().tick();
    }

    @Test
    void joinedOnTheFirstSessionAndLeftOnTheLastOnly() throws Exception {
        Tab other = connect("other");
        rooms.join(other.session(), "room", null);
        Tab a1 = connect("alice");
        Tab a2 = connect("alice");
        rooms.join(a1.session(), "room", "j1");
        JsonObject joined = a1.connection().parsed("chat-session-joined").get(0);
        assertEquals("j1", joined.getString("ref"));
        assertTrue(joined.getJsonObject("data").getJsonArray("members").stream()
                .anyMatch(m -> m.asJsonObject().getString("userId").equals("other")), "members include the others");
        rooms.join(a2.session(), "room", "j2");
        assertEquals(1, other.connection().events("user-joined-chat-session").size(), "only the user's first session");
        rooms.leave(a1.session(), "room");
        assertEquals(0, other.connection().events("user-left-chat-session").size());
        registry.ended(a2.session()); // a session ending is a leave
        assertEquals(1, other.connection().events("user-left-chat-session").size());
        assertEquals(List.of("other"), rooms.members("room"));
        assertThrows(NotAMemberException.class, () -> rooms.leave(a1.session(), "room"));
    }

    @Test
    void coMembersHearStatusChangesIncludingTheOfflineOfAMemberWhoseLastSessionEnds() throws Exception {
        Tab other = connect("other");
        Tab bob = connect("bob");
        Tab stranger = connect("stranger");
        rooms.join(other.session(), "room", null);
        rooms.join(bob.session(), "room", null);
        registry.statusChanges().setStatus(bob.session(), dev.presence.status.entity.Status.BUSY, null);
        assertEquals(1, other.connection().statusChanges("bob").size());
        registry.ended(bob.session());
        pass(Duration.ofSeconds(3));
        List<JsonObject> changes = other.connection().changes("bob");
        assertEquals(2, changes.size());
        assertFalse(changes.get(1).getBoolean("isOnline"));
        assertEquals(List.of(), stranger.connection().statusChanges("bob"));
    }

    @Test
    void typingIsAnnouncedOnceRenewedSilentlyAndEndsByItselfOrOnLeaveOrSend() throws Exception {
        Tab other = connect("other");
        Tab carol = connect("carol");
        rooms.join(other.session(), "room", null);
        rooms.join(carol.session(), "room", null);
        rooms.typingStart(carol.session(), "room");
        pass(Duration.ofSeconds(3));
        rooms.typingStart(carol.session(), "room");
        pass(Duration.ofSeconds(3));
        assertEquals(1, other.connection().events("user-typing").size(), "a renewal extends silently");
        assertEquals(0, carol.connection().events("user-typing").size(), "the typer's own sessions are not told");
        pass(Duration.ofSeconds(2));
        List<JsonObject> typing = other.connection().parsed("user-typing");
        assertEquals(2, typing.size(), "expired 5 s after the last renewal");
        assertFalse(typing.get(1).getJsonObject("data").getBoolean("isTyping"));

        rooms.typingStart(carol.session(), "room");
        rooms.endTypingToSend(carol.session(), "room");
        assertFalse(other.connection().parsed("user-typing").get(3).getJsonObject("data").getBoolean("isTyping"), "sending ends typing");
        rooms.typingStart(carol.session(), "room");
        rooms.leave(carol.session(), "room");
        assertFalse(other.connection().parsed("user-typing").get(5).getJsonObject("data").getBoolean("isTyping"), "leaving ends typing");
    }

    @Test
    void membershipBelongsToTheSessionAndIsLimitedToAHundred() throws Exception {
        Tab a1 = connect("dave");
        Tab a2 = connect("dave");
        rooms.join(a1.session(), "room", null);
        assertThrows(NotAMemberException.class, () -> rooms.typingStart(a2.session(), "room"));
        assertThrows(NotAMemberException.class, () -> rooms.endTypingToSend(a2.session(), "room"));
        for (int i = 1; i < 100; i++) {
            rooms.join(a1.session(), "r" + i, null);
        }
        assertThrows(SubscriptionLimitException.class, () -> rooms.join(a1.session(), "one-too-many", null));
        assertEquals(List.of(), rooms.members("one-too-many"));
        rooms.join(a1.session(), "room", null); // joining again is not a new membership
    }

    @Test
    void deliveryReachesEveryMemberSessionButTheSender() throws Exception {
        Tab a1 = connect("erin");
        Tab a2 = connect("erin");
        Tab other = connect("other");
        for (Tab t : List.of(a1, a2, other)) {
            rooms.join(t.session(), "room", null);
        }
        assertEquals(2, rooms.deliver(a1.session(), "room", "{\"event\":\"new-message\"}"));
        assertEquals(0, a1.connection().events("new-message").size());
        assertEquals(1, a2.connection().events("new-message").size());
    }

    @Test
    void joiningAgainIsAnsweredWithTheMemberCountNotTheMemberList() throws Exception {
        Tab joiner = connect("frank");
        for (int i = 0; i < 20; i++) {
            rooms.join(connect("member-" + i).session(), "big", null);
        }
        rooms.join(joiner.session(), "big", "j1");
        JsonObject first = joiner.connection().parsed("chat-session-joined").getFirst().getJsonObject("data");
        assertEquals(21, first.getJsonArray("members").size());
        assertEquals(21, first.getInt("memberCount"));
        joiner.connection().clear();
        rooms.join(joiner.session(), "big", "j2");
        JsonObject again = joiner.connection().parsed("chat-session-joined").getFirst();
        assertEquals("j2", again.getString("ref"));
        assertEquals(21, again.getJsonObject("data").getInt("memberCount"));
        assertFalse(again.getJsonObject("data").containsKey("members"), "the session has the list already: " + again);
    }
}
