package dev.presence.interfaces.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.presence.interfaces.socket.ProtocolFixture.Client;
import dev.presence.status.control.CloseCodes;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md §5, "Token lifetime on an open session". */
class TokenLifetimeTest {

    private final ProtocolFixture node = new ProtocolFixture(Map.of("presence.session-timeout-ms", "3600000",
            "presence.rate-limit", "1000", "presence.rate-burst", "1000"));

    @AfterEach
    void close() {
        node.close();
    }

    @Test
    void aSessionIsToldOnceBeforeItsTokenExpiresAndClosedWith4401PastTheSkew() {
        Instant exp = node.clock.instant().plus(Duration.ofMinutes(5));
        Client c = node.connect("alice", Duration.ofMinutes(5));
        assertEquals("authentication-success", c.frames.getFirst().getString("event"));
        node.pass(Duration.ofSeconds(239));
        assertEquals(List.of(), c.events("token-expiring"), "not before exp minus 60 s");
        node.pass(Duration.ofSeconds(1));
        assertEquals(List.of(exp.toString().replace("Z", ".000Z")),
                c.events("token-expiring").stream().map(f -> f.getJsonObject("data").getString("expiresAt")).toList());
        node.pass(Duration.ofSeconds(60));
        assertEquals(1, c.events("token-expiring").size(), "once per token");
        assertEquals(0, c.closeCode, "the 60 s skew is allowed");
        node.pass(Duration.ofSeconds(61));
        assertEquals(CloseCodes.AUTHENTICATION, c.closeCode);
        assertEquals("token expired", c.closeReason);
        assertEquals(0, node.registry.reads().sessionCount());
    }

    @Test
    void aRefreshedSessionOutlivesItsFirstTokenAndGetsANoticeForTheNewOne() {
        Client c = node.connect("bob", Duration.ofMinutes(5));
        node.pass(Duration.ofMinutes(4));
        String fresh = node.token("bob", Duration.ofMinutes(10));
        Instant newExp = node.clock.instant().plus(Duration.ofMinutes(10));
        c.send("refresh-token", "{\"token\":\"" + fresh + "\"}", "r1");
        JsonObject refreshed = c.last();
        assertEquals("token-refreshed", refreshed.getString("event"));
        assertEquals("r1", refreshed.getString("ref"));
        assertEquals(newExp.toString().replace("Z", ".000Z"), refreshed.getJsonObject("data").getString("expiresAt"));
        node.pass(Duration.ofMinutes(3)); // past the first token's exp and skew
        assertEquals(0, c.closeCode);
        assertEquals(1, c.events("token-expiring").size());
        node.pass(Duration.ofMinutes(6));
        assertEquals(2, c.events("token-expiring").size(), "the refreshed token gets its own notice");
        node.pass(Duration.ofMinutes(2).plusSeconds(1));
        assertEquals(CloseCodes.AUTHENTICATION, c.closeCode);
    }

    @Test
    void aTokenAlreadyCloseToItsExpiryIsNoticedRightAfterAuthentication() {
        Client c = node.connect("carol", Duration.ofSeconds(30));
        assertEquals(List.of("authentication-success", "token-expiring"),
                c.frames.stream().map(f -> f.getString("event")).toList().subList(0, 2));
    }

    @Test
    void aRefusedRefreshChangesNothing() {
        Client c = node.connect("dave", Duration.ofMinutes(5));
        c.send("refresh-token", "{\"token\":\"" + node.token("mallory", Duration.ofHours(1)) + "\"}", "r1");
        assertEquals("authentication-error", c.last().getString("event"));
        assertEquals("invalid-token", c.last().getJsonObject("data").getString("code"));
        assertEquals("r1", c.last().getString("ref"));
        String grant = node.signer.sign("dave", List.of(), Duration.ofHours(1), node.clock.instant(), Map.of("chatSessionId", "room"));
        c.send("refresh-token", "{\"token\":\"" + grant + "\"}", "grant");
        assertEquals("invalid-token", c.last().getJsonObject("data").getString("code"), "a chat-session grant is no login token");
        c.send("refresh-token", "{\"token\":\"not-a-jwt\"}", "r2");
        assertEquals("invalid-token", c.last().getJsonObject("data").getString("code"));
        c.send("refresh-token", "{\"token\":7}", "r3");
        assertEquals("bad-request", c.last().getJsonObject("data").getString("code"));
        c.send("refresh-token", "{}", "r4");
        assertEquals("bad-request", c.last().getJsonObject("data").getString("code"));
        assertEquals(0, c.closeCode, "a refused refresh does not close");
        node.pass(Duration.ofMinutes(6).plusSeconds(1));
        assertEquals(CloseCodes.AUTHENTICATION, c.closeCode, "the first token still decides");
    }

    @Test
    void refreshBeforeAuthenticatingIsNotAuthenticated() {
        Client c = node.new Client();
        c.send("refresh-token", "{\"token\":\"" + node.token("erin", Duration.ofHours(1)) + "\"}", "r1");
        assertEquals("not-authenticated", c.last().getJsonObject("data").getString("code"));
    }

    @Test
    void noTimerPerSessionOrRefreshKeepsAnEndedSessionReachable() {
        int before = node.registry.deadlines().size();
        Client c = node.connect("frank", Duration.ofMinutes(5));
        for (int i = 0; i < 200; i++) {
            node.clock.advance(Duration.ofMillis(100));
            c.send("refresh-token", "{\"token\":\"" + node.token("frank", Duration.ofHours(1)) + "\"}", null);
        }
        assertEquals(before, node.registry.deadlines().size(), "the sweep checks tokens; nothing is scheduled per session");
    }
}
