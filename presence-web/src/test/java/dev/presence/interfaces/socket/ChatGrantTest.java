package dev.presence.interfaces.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.auth.control.TokenSigner;
import dev.presence.auth.control.TokenVerifier;
import dev.presence.chat.control.ChatRooms;
import dev.presence.chat.control.MessageLog;
import dev.presence.chat.control.MessageStore;
import dev.presence.status.control.ClientSession;
import dev.presence.status.control.PresenceMetrics;
import dev.presence.status.control.PresenceRegistry;
import dev.presence.status.control.PresenceSettings;
import dev.presence.status.control.PresenceStore;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code presence.chat-access=grant}: a join needs a grant of the configured issuer naming user and chat session. */
class ChatGrantTest {

    private final Clock clock = Clock.systemUTC();
    private final KeyPair keys = rsa();
    private final TokenSigner issuer = new TokenSigner(keys.getPrivate(), "chat-backend");
    private final TokenSigner otherIssuer = new TokenSigner(keys.getPrivate(), "someone-else");
    private final TokenVerifier verifier = new TokenVerifier(keys.getPublic(), "chat-backend", clock);
    private final PresenceRegistry registry = new PresenceRegistry(clock,
            PresenceSettings.from(Map.of("presence.chat-access", "grant")::get), PresenceStore.NONE, PresenceMetrics.NONE, "n1");
    private final ChatRooms rooms = new ChatRooms(registry, clock);
    private final MessageLog log = new MessageLog(new MessageStore() {
        @Override
        public Map<String, dev.presence.chat.entity.ChatMessage> firstOf(java.util.Collection<String> keys) {
            return Map.of();
        }

        @Override
        public void append(List<dev.presence.chat.entity.ChatMessage> messages) {
        }
    }, clock, Thread::new);
    private final SocketProtocol protocol = new SocketProtocol(registry, verifier, PresenceMetrics.NONE,
            new ChatProtocol(rooms, log, new dev.presence.testing.InMemoryMessages(), registry, verifier, true, PresenceMetrics.NONE, clock));
    private final List<String> frames = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        log.close();
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ClientSession alice() {
        ClientSession s = registry.open(new dev.presence.status.control.Connection() {
            @Override
            public void send(String frame) {
                frames.add(frame);
            }

            @Override
            public void close(int code, String reason) {
            }
        }).orElseThrow();
        protocol.onText(s, "{\"event\":\"authenticate\",\"data\":{\"token\":\"" + token(issuer, "alice", Map.of()) + "\"}}");
        return s;
    }

    private static String token(TokenSigner signer, String user, Map<String, String> claims) {
        return signer.sign(user, List.of(), Duration.ofMinutes(5), java.time.Instant.now(), claims);
    }

    private String join(ClientSession s, String grant) {
        frames.clear();
        protocol.onText(s, "{\"event\":\"join-chat-session\",\"data\":{\"chatSessionId\":\"room\""
                + (grant == null ? "" : ",\"grant\":\"" + grant + "\"") + "},\"ref\":\"j\"}");
        return frames.get(0);
    }

    @Test
    void onlyAGrantForThisUserAndChatSessionFromTheIssuerLetsASessionJoin() {
        ClientSession s = alice();
        for (String bad : new String[] {null, "not-a-jwt",
                token(issuer, "mallory", Map.of("chatSessionId", "room")),
                token(issuer, "alice", Map.of("chatSessionId", "other-room")),
                token(issuer, "alice", Map.of()),
                token(otherIssuer, "alice", Map.of("chatSessionId", "room"))}) {
            String reply = join(s, bad);
            assertTrue(reply.contains("\"code\":\"forbidden\""), bad + " -> " + reply);
        }
        assertEquals(List.of(), rooms.members("room"), "a refused join changes nothing");
        assertTrue(join(s, token(issuer, "alice", Map.of("chatSessionId", "room"))).startsWith("{\"event\":\"chat-session-joined\""));
        assertEquals(List.of("alice"), rooms.members("room"));
    }

    @Test
    void aMalformedChatSessionIdIsABadRequestBeforeTheGrantIsLookedAt() {
        ClientSession s = alice();
        frames.clear();
        protocol.onText(s, "{\"event\":\"join-chat-session\",\"data\":{\"chatSessionId\":\"no spaces\"},\"ref\":\"j\"}");
        assertTrue(frames.get(0).contains("\"code\":\"bad-request\""), frames.get(0));
    }

    @Test
    void aGrantDoesNotAuthenticateASession() {
        ClientSession s = registry.open(new dev.presence.status.control.Connection() {
            @Override
            public void send(String frame) {
                frames.add(frame);
            }

            @Override
            public void close(int code, String reason) {
            }
        }).orElseThrow();
        frames.clear();
        protocol.onText(s, "{\"event\":\"authenticate\",\"data\":{\"token\":\""
                + token(issuer, "alice", Map.of("chatSessionId", "room")) + "\"},\"ref\":\"a\"}");
        assertTrue(frames.get(0).startsWith("{\"event\":\"authentication-error\""), frames.get(0));
        assertTrue(frames.get(0).contains("\"code\":\"invalid-token\""), frames.get(0));
        assertEquals(null, s.userId(), "the session stays unauthenticated");
    }
}
