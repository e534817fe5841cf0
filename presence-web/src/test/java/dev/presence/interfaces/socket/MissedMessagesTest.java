package dev.presence.interfaces.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.interfaces.socket.ProtocolFixture.Client;
import dev.presence.testing.Await;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md §5: missed messages after a reconnect, memberCount and {@code members: false}. */
class MissedMessagesTest {

    private final ProtocolFixture node = new ProtocolFixture(Map.of("presence.rate-limit", "100000", "presence.rate-burst", "100000"));

    @AfterEach
    void close() {
        node.close();
    }

    /** Sends {@code n} messages and waits for their acks; returns their messageIds in order. */
    private List<String> say(Client c, String room, int n) {
        int before = c.events("message-ack").size();
        for (int i = 0; i < n; i++) {
            node.clock.advance(Duration.ofMillis(1));
            c.send("send-message", "{\"chatSessionId\":\"" + room + "\",\"text\":\"m" + i + "\"}", null);
        }
        Await.until(() -> c.events("message-ack").size() == before + n, n + " acks");
        return c.events("message-ack").subList(before, before + n).stream()
                .map(f -> f.getJsonObject("data").getString("messageId")).toList();
    }

    private JsonObject join(Client c, String data) {
        c.send("join-chat-session", data, "j");
        return c.last();
    }

    @Test
    void aRejoinWithSinceGetsWhatWasStoredAfterItOldestFirst() {
        Client alice = node.connect("alice", Duration.ofHours(1));
        join(alice, "{\"chatSessionId\":\"room\"}");
        List<String> ids = say(alice, "room", 5);
        Client bob = node.connect("bob", Duration.ofHours(1));
        JsonObject joined = join(bob, "{\"chatSessionId\":\"room\",\"since\":\"" + ids.get(1) + "\"}");
        assertEquals("chat-session-joined", joined.getString("event"));
        JsonObject data = joined.getJsonObject("data");
        assertEquals(ids.subList(2, 5), data.getJsonArray("missed").stream()
                .map(m -> m.asJsonObject().getString("messageId")).toList());
        assertEquals(JsonValue.FALSE, data.get("missedTruncated"));
        assertEquals(2, data.getInt("memberCount"));
    }

    @Test
    void moreThanTwoHundredMissedAreTruncatedForTheClientToPageOverRest() {
        Client alice = node.connect("carol", Duration.ofHours(1));
        join(alice, "{\"chatSessionId\":\"busy\"}");
        List<String> ids = say(alice, "busy", 230);
        Client late = node.connect("dave", Duration.ofHours(1));
        JsonObject data = join(late, "{\"chatSessionId\":\"busy\",\"since\":\"" + ids.getFirst() + "\"}").getJsonObject("data");
        assertEquals(200, data.getJsonArray("missed").size());
        assertEquals(ids.get(1), data.getJsonArray("missed").getJsonObject(0).getString("messageId"));
        assertEquals(JsonValue.TRUE, data.get("missedTruncated"));
    }

    @Test
    void aSinceThatIsNoMessageOfThisChatSessionIsABadRequestAndJoinsNothing() {
        Client alice = node.connect("erin", Duration.ofHours(1));
        join(alice, "{\"chatSessionId\":\"elsewhere\"}");
        String elsewhere = say(alice, "elsewhere", 1).getFirst();
        Client bob = node.connect("frank", Duration.ofHours(1));
        for (String since : List.of(elsewhere, "not-an-id", "000000000000000000000000")) {
            JsonObject reply = join(bob, "{\"chatSessionId\":\"here\",\"since\":\"" + since + "\"}");
            assertEquals("bad-request", reply.getJsonObject("data").getString("code"), since);
        }
        assertEquals(List.of(), node.rooms.members("here"));
    }

    @Test
    void membersFalseLeavesTheListOutButNotTheCount() {
        for (int i = 0; i < 3; i++) {
            join(node.connect("member-" + i, Duration.ofHours(1)), "{\"chatSessionId\":\"big\"}");
        }
        Client c = node.connect("gus", Duration.ofHours(1));
        JsonObject data = join(c, "{\"chatSessionId\":\"big\",\"members\":false}").getJsonObject("data");
        assertFalse(data.containsKey("members"), data.toString());
        assertEquals(4, data.getInt("memberCount"));
        Client d = node.connect("hal", Duration.ofHours(1));
        assertTrue(join(d, "{\"chatSessionId\":\"big\"}").getJsonObject("data").containsKey("members"));
        assertEquals("bad-request", join(d, "{\"chatSessionId\":\"big\",\"members\":\"no\"}").getJsonObject("data").getString("code"));
    }
}
