package dev.presence.interfaces.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.auth.control.TokenSigner;
import dev.presence.auth.control.TokenVerifier;
import dev.presence.chat.control.ChatSessions;
import dev.presence.chat.control.MessageLog;
import dev.presence.chat.control.MessageStore;
import dev.presence.chat.entity.ChatMessage;
import dev.presence.status.control.ClientSession;
import dev.presence.status.control.Connection;
import dev.presence.status.control.PresenceMetrics;
import dev.presence.status.control.PresenceRegistry;
import dev.presence.status.control.PresenceSettings;
import dev.presence.status.control.PresenceStore;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile input at the socket: arbitrary text, JSON of any shape and depth, huge numbers, long strings and
 * unicode edge cases. Nothing may escape the protocol handler, every invalid frame gets an error, and no
 * invalid frame changes state.
 */
class HostileFramesPropertiesTest {

    private static final java.util.Set<String> EVENTS = SocketProtocol.events();
    private static PresenceRegistry registry;
    private static SocketProtocol protocol;
    private static ChatSessions rooms;
    private static ClientSession session;
    private static final List<String> replies = new ArrayList<>();

    @BeforeContainer
    static void node() throws Exception {
        Clock clock = Clock.systemUTC();
        KeyPair keys = dev.presence.testing.TestKeys.rsa();
        TokenVerifier verifier = new TokenVerifier(keys.getPublic(), "iss", clock);
        registry = new PresenceRegistry(clock, PresenceSettings.from(Map.of("presence.rate-limit", "100000000",
                "presence.rate-burst", "100000000")::get), PresenceStore.NONE, PresenceMetrics.NONE, "n1");
        MessageLog log = new MessageLog(new MessageStore() {
            @Override
            public Map<String, ChatMessage> firstOf(Collection<String> keys) {
                return Map.of();
            }

            @Override
            public void append(List<ChatMessage> messages) {
            }
        }, clock, r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
        protocol = new SocketProtocol(registry, verifier, PresenceMetrics.NONE,
                new ChatProtocol(rooms = new ChatSessions(registry, clock), log, new dev.presence.testing.InMemoryMessages(), registry, verifier, false, PresenceMetrics.NONE, clock));
        session = registry.open(new Connection() {
            @Override
            public void send(String frame) {
                synchronized (replies) {
                    replies.add(frame);
                }
            }

            @Override
            public void close(int code, String reason) {
                throw new AssertionError("an invalid frame closed the session with " + code);
            }
        }).orElseThrow();
        protocol.onText(session, "{\"event\":\"authenticate\",\"data\":{\"token\":\""
                + new TokenSigner(keys.getPrivate(), "iss").sign("prop", List.of(), Duration.ofHours(1), clock.instant()) + "\"}}");
    }

    /** What an invalid frame must not change (lastSeen moves with any frame: every frame is activity). */
    private static String state() {
        var me = registry.reads().views(List.of("prop")).get(0);
        return registry.reads().onlineCount() + "/" + registry.reads().sessionCount() + "/" + me.status() + "/" + me.statusText()
                + "/" + rooms.members("room");
    }

    @Property // tries: jqwik.tries.default, 100,000 in the build (-Dhostile.frames=1000000 for a long run)
    void anInvalidFrameGetsAnErrorAndChangesNothing(@ForAll("invalidFrames") String frame) {
        String before = state();
        int replied;
        synchronized (replies) {
            replies.clear();
        }
        protocol.onText(session, frame);
        synchronized (replies) {
            replied = replies.size();
            assertTrue(replied == 1 && replies.get(0).startsWith("{\"event\":\"error\""), frame + " -> " + replies);
        }
        assertEquals(before, state(), frame);
    }

    @Provide
    Arbitrary<String> invalidFrames() {
        Arbitrary<String> anyText = Arbitraries.strings().all().ofMaxLength(300);
        Arbitrary<String> notObjects = Arbitraries.of("[]", "null", "1e999999999", "\"text\"", "true", "[{\"event\":\"ping\"}]", "");
        Arbitrary<String> deep = Arbitraries.integers().between(9, 5000)
                .map(n -> "{\"event\":\"ping\",\"data\":" + "{\"a\":".repeat(n) + "1" + "}".repeat(n) + "}");
        Arbitrary<String> badEnvelope = Arbitraries.of(
                "{\"event\":7}", "{\"data\":{}}", "{\"event\":\"ping\",\"data\":\"x\"}", "{\"event\":\"ping\",\"data\":[1]}",
                "{\"event\":\"ping\",\"ref\":5}", "{\"event\":\"ping\",\"ref\":\"" + "r".repeat(65) + "\"}", "{\"event\":\"\"}");
        Arbitrary<String> unknown = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(80)
                .filter(e -> !EVENTS.contains(e)).map(e -> "{\"event\":" + quote(e) + "}");
        Arbitrary<String> badFields = Arbitraries.oneOf(
                Arbitraries.of("offline", "AWAY", "", "sleeping").map(s -> "{\"event\":\"set-status\",\"data\":{\"status\":\"" + s + "\"}}"),
                Arbitraries.strings().all().ofMinLength(141).ofMaxLength(400)
                        .map(t -> "{\"event\":\"set-status\",\"data\":{\"status\":\"busy\",\"statusText\":" + quote(t) + "}}"),
                Arbitraries.bigIntegers().between(java.math.BigInteger.valueOf(1001), java.math.BigInteger.TEN.pow(400))
                        .map(n -> "{\"event\":\"get-online-users\",\"data\":{\"limit\":" + n + "}}"),
                Arbitraries.of("0", "-1", "1.5", "\"10\"", "1e3000").map(n -> "{\"event\":\"get-online-users\",\"data\":{\"limit\":" + n + "}}"),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40).filter(id -> !dev.presence.status.entity.Identifiers.isValid(id))
                        .map(id -> "{\"event\":\"subscribe-presence\",\"data\":{\"userIds\":[" + quote(id) + "]}}"),
                Arbitraries.of("{\"event\":\"subscribe-presence\",\"data\":{\"userIds\":\"alice\"}}",
                        "{\"event\":\"subscribe-presence\",\"data\":{\"userIds\":[]}}",
                        "{\"event\":\"send-message\",\"data\":{\"chatSessionId\":\"room\",\"text\":\"hi\"}}",
                        "{\"event\":\"typing-start\",\"data\":{\"chatSessionId\":\"room\"}}",
                        "{\"event\":\"leave-chat-session\",\"data\":{\"chatSessionId\":\"room\"}}",
                        "{\"event\":\"join-chat-session\",\"data\":{\"chatSessionId\":\"no spaces\"}}",
                        "{\"event\":\"authenticate\",\"data\":{\"token\":\"x\"}}"));
        return Arbitraries.oneOf(anyText.filter(HostileFramesPropertiesTest::notAValidFrame), notObjects, deep, badEnvelope, unknown, badFields);
    }

    /** Random text is almost never a valid frame; the rare JSON object with a known event is left out. */
    private static boolean notAValidFrame(String text) {
        try {
            InboundFrame f = FrameDecoder.decode(text);
            return !EVENTS.contains(f.event());
        } catch (BadRequestException e) {
            return true;
        }
    }

    private static String quote(String s) {
        return new dev.presence.json.JsonText().value(s).toString();
    }
}
