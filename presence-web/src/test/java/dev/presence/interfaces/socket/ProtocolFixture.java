package dev.presence.interfaces.socket;

import dev.presence.testing.TestKeys;
import dev.presence.auth.control.TokenSigner;
import dev.presence.auth.control.TokenVerifier;
import dev.presence.chat.control.ChatSessions;
import dev.presence.chat.control.MessageLog;
import dev.presence.json.JsonParsing;
import dev.presence.status.control.ClientSession;
import dev.presence.status.control.Connection;
import dev.presence.status.control.PresenceMetrics;
import dev.presence.status.control.PresenceRegistry;
import dev.presence.status.control.PresenceSettings;
import dev.presence.status.control.PresenceStore;
import dev.presence.testing.InMemoryMessages;
import dev.presence.testing.MutableClock;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One node's socket protocol on a manual clock, with a key pair to sign tokens and sessions that record
 * their frames as parsed JSON: the fixture of the protocol tests.
 */
final class ProtocolFixture implements AutoCloseable {

    static final String ISSUER = "chat-backend";
    private static final KeyPair KEYS = TestKeys.rsa();

    final MutableClock clock = new MutableClock();
    final InMemoryMessages messages = new InMemoryMessages();
    final TokenSigner signer = new TokenSigner(KEYS.getPrivate(), ISSUER);
    /** The same key under another issuer: its tokens are refused. */
    final TokenSigner otherIssuer = new TokenSigner(KEYS.getPrivate(), "someone-else");
    final TokenVerifier verifier = new TokenVerifier(KEYS.getPublic(), ISSUER, clock);
    final PresenceRegistry registry;
    final ChatSessions rooms;
    final MessageLog log;
    final SocketProtocol protocol;

    ProtocolFixture(Map<String, String> settings) {
        PresenceSettings s = PresenceSettings.from(settings::get);
        registry = new PresenceRegistry(clock, s, PresenceStore.NONE, PresenceMetrics.NONE, "n1");
        rooms = new ChatSessions(registry, clock);
        log = new MessageLog(messages, clock, r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
        protocol = new SocketProtocol(registry, verifier, PresenceMetrics.NONE,
                new ChatProtocol(rooms, log, messages, registry, verifier, s.grantChatAccess(), PresenceMetrics.NONE, clock));
    }

    /** A session of the node that records what it is sent and how it was closed. */
    final class Client implements Connection {
        final List<JsonObject> frames = new CopyOnWriteArrayList<>();
        volatile int closeCode;
        volatile String closeReason;
        final ClientSession session = registry.open(this).orElseThrow();

        @Override
        public void send(String frame) {
            try (var r = JsonParsing.PROVIDER.createReader(new StringReader(frame))) {
                frames.add(r.readObject());
            }
        }

        @Override
        public void close(int code, String reason) {
            if (closeCode == 0) {
                closeCode = code;
                closeReason = reason;
            }
        }

        void send(String event, String data, String ref) {
            protocol.onText(session, "{\"event\":\"" + event + "\",\"data\":" + data + (ref == null ? "" : ",\"ref\":\"" + ref + "\"") + "}");
        }

        /** The frames of this event, in arrival order. */
        List<JsonObject> events(String event) {
            return frames.stream().filter(f -> f.getString("event").equals(event)).toList();
        }

        JsonObject last() {
            return frames.getLast();
        }
    }

    Client connect(String userId, Duration tokenLife) {
        Client c = new Client();
        c.send("authenticate", "{\"token\":\"" + token(userId, tokenLife) + "\"}", "auth");
        return c;
    }

    String token(String userId, Duration life) {
        return signer.sign(userId, List.of(), life, clock.instant());
    }

    /** A token with extra claims ({@code chatSessionId} makes it a grant), signed by {@code by}. */
    String token(TokenSigner by, String userId, Map<String, String> claims) {
        return by.sign(userId, List.of(), Duration.ofMinutes(5), clock.instant(), claims);
    }

    /** Moves the clock on and runs the node's timers (its deadlines and its once-a-second sweep). */
    void pass(Duration d) {
        clock.advance(d);
        registry.housekeeping().tick();
        registry.housekeeping().closeSilentSessions();
    }

    @Override
    public void close() {
        log.close();
    }

}
