package dev.presence.interfaces.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.presence.interfaces.socket.ProtocolFixture.Client;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code presence.chat-access=grant}: a join needs a grant of the configured issuer naming user and chat session. */
class ChatGrantTest {

    private final ProtocolFixture node = new ProtocolFixture(Map.of("presence.chat-access", "grant"));

    @AfterEach
    void close() {
        node.close();
    }

    private JsonObject join(Client c, String chatSessionId, String grant) {
        c.send("join-chat-session", "{\"chatSessionId\":\"" + chatSessionId + "\""
                + (grant == null ? "" : ",\"grant\":\"" + grant + "\"") + "}", "j");
        return c.last();
    }

    private static String code(JsonObject frame) {
        return frame.getJsonObject("data").getString("code", null);
    }

    @Test
    void onlyAGrantForThisUserAndChatSessionFromTheIssuerLetsASessionJoin() {
        Client alice = node.connect("alice", Duration.ofHours(1));
        for (String bad : Arrays.asList(null, "not-a-jwt",
                node.token(node.signer, "mallory", Map.of("chatSessionId", "room")),
                node.token(node.signer, "alice", Map.of("chatSessionId", "other-room")),
                node.token(node.signer, "alice", Map.of()), // a login token is no grant
                node.token(node.otherIssuer, "alice", Map.of("chatSessionId", "room")))) {
            JsonObject reply = join(alice, "room", bad);
            assertEquals("forbidden", code(reply), bad + " -> " + reply);
        }
        assertEquals(List.of(), node.rooms.members("room"), "a refused join changes nothing");
        assertEquals("chat-session-joined",
                join(alice, "room", node.token(node.signer, "alice", Map.of("chatSessionId", "room"))).getString("event"));
        assertEquals(List.of("alice"), node.rooms.members("room"));
    }

    @Test
    void aMalformedChatSessionIdIsABadRequestBeforeTheGrantIsLookedAt() {
        Client alice = node.connect("alice", Duration.ofHours(1));
        assertEquals("bad-request", code(join(alice, "no spaces", null)));
    }

    @Test
    void aGrantDoesNotAuthenticateASession() {
        Client c = node.new Client();
        c.send("authenticate", "{\"token\":\"" + node.token(node.signer, "alice", Map.of("chatSessionId", "room")) + "\"}", "a");
        assertEquals("authentication-error", c.last().getString("event"));
        assertEquals("invalid-token", code(c.last()));
        assertNull(c.session.userId(), "the session stays unauthenticated");
    }
}
