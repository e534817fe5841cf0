package dev.presence.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.auth.control.TokenSigner;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The built WAR on Payara Micro against a mongo-java-server this test starts: socket authentication,
 * fan-out by interest, the REST API, health and metrics. One deployment for all of them (a Payara start
 * costs ~20 s).
 */
@ExtendWith(ArquillianExtension.class)
class PresenceIT {

    private static final String ISSUER = "presence-it";
    private static TokenSigner signer;
    private static TokenSigner stranger;

    @ArquillianResource
    URL base;

    private final HttpClient http = HttpClient.newHttpClient();

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        Deployments.Setup setup = Deployments.war(ISSUER, "presence.rest.anonymous-reads=false");
        signer = setup.signer();
        stranger = setup.signerFor("someone-else");
        return setup.war();
    }

    private URI ws() {
        return URI.create(base.toString().replaceFirst("^http", "ws") + "ws");
    }

    private String token(String userId) {
        return signer.sign(userId, List.of(), Duration.ofHours(1), Instant.now());
    }

    private TestSocket connect(String userId) throws Exception {
        TestSocket s = TestSocket.open(ws());
        s.send("authenticate", "{\"token\":\"" + token(userId) + "\"}", "auth");
        JsonObject ok = s.await("authentication-success");
        assertEquals(userId, ok.getJsonObject("data").getString("userId"));
        assertEquals("auth", ok.getString("ref"));
        return s;
    }

    private static String uid(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path.substring(1)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> r) {
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    @Test
    void aValidTokenAuthenticatesAndAnInvalidOneIsRefusedWith4401() throws Exception {
        String u = uid("alice");
        try (TestSocket ok = connect(u)) {
            ok.send("ping", null, "p1");
            JsonObject pong = ok.await("pong");
            assertTrue(pong.getJsonObject("data").getString("serverTime").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        }
        try (TestSocket bad = TestSocket.open(ws())) {
            bad.send("authenticate", "{\"token\":\"" + stranger.sign(uid("mallory"), List.of(), Duration.ofHours(1), Instant.now()) + "\"}", "a");
            JsonObject err = bad.await("authentication-error");
            assertEquals("invalid-token", err.getJsonObject("data").getString("code"));
            assertEquals(4401, bad.awaitClose());
        }
    }

    @Test
    void aStatusChangeReachesASubscriberAndNotAStranger() throws Exception {
        String u = uid("bob");
        try (TestSocket watcher = connect(uid("watcher")); TestSocket strangerSocket = connect(uid("stranger"))) {
            watcher.send("subscribe-presence", "{\"userIds\":[\"" + u + "\"]}", "s1");
            JsonObject snapshot = watcher.await("presence-snapshot");
            assertFalse(snapshot.getJsonObject("data").getJsonArray("users").getJsonObject(0).getBoolean("isOnline"));
            try (TestSocket bob = connect(u)) {
                watcher.await("user-status-change", f -> f.getJsonObject("data").getBoolean("isOnline"), 5_000);
                bob.send("set-status", "{\"status\":\"busy\",\"statusText\":\"in a call\"}", null);
                JsonObject busy = watcher.await("user-status-change", f -> "busy".equals(f.getJsonObject("data").getString("status")), 5_000);
                assertEquals("in a call", busy.getJsonObject("data").getString("statusText"));
            }
            JsonObject offline = watcher.await("user-status-change", f -> !f.getJsonObject("data").getBoolean("isOnline"), 5_000);
            assertEquals("offline", offline.getJsonObject("data").getString("status"));
            strangerSocket.expectNone("user-status-change", f -> u.equals(f.getJsonObject("data").getString("userId")), 500);
        }
    }

    @Test
    void theRestApiAnswersFromMemoryWithContractErrors() throws Exception {
        String u = uid("carol");
        String reader = token(uid("reader"));
        assertEquals(401, call("GET", "/api/user-status/online/count", null, null).statusCode(), "anonymous reads are off");
        HttpResponse<String> invalid = call("GET", "/api/user-status/online/count", "not-a-jwt", null);
        assertEquals(401, invalid.statusCode());
        assertEquals("unauthorized", json(invalid).getString("error"));
        assertEquals(404, call("GET", "/api/user-status/" + u, reader, null).statusCode());
        try (TestSocket carol = connect(u)) {
            JsonObject one = json(call("GET", "/api/user-status/" + u, reader, null));
            assertTrue(one.getBoolean("isOnline"));
            assertEquals(1, one.getInt("connections"));
            assertTrue(json(call("GET", "/api/user-status/online/count", reader, null)).getInt("count") >= 1);
            JsonObject page = json(call("GET", "/api/user-status/online?limit=1000", reader, null));
            assertTrue(page.getJsonArray("users").stream().anyMatch(v -> u.equals(v.asJsonObject().getString("userId"))));
            JsonObject batch = json(call("POST", "/api/user-status/batch", reader, "{\"userIds\":[\"nobody-x\",\"" + u + "\"]}"));
            assertEquals("nobody-x", batch.getJsonArray("users").getJsonObject(0).getString("userId"));
            assertTrue(batch.getJsonArray("users").getJsonObject(0).isNull("lastSeen"));
            assertTrue(batch.getJsonArray("users").getJsonObject(1).getBoolean("isOnline"));
        }
        assertEquals(401, call("PUT", "/api/user-status/last-seen", null, null).statusCode());
        JsonObject seen = json(call("PUT", "/api/user-status/last-seen", token(u), null));
        assertEquals(u, seen.getString("userId"));
        HttpResponse<String> bad = call("POST", "/api/user-status/batch", reader, "{\"userIds\": [");
        assertEquals(400, bad.statusCode());
        assertEquals("bad-request", json(bad).getString("error"));
        HttpResponse<String> huge = call("POST", "/api/user-status/batch", reader, "{\"userIds\":[\"" + "x".repeat(1_100_000) + "\"]}");
        assertEquals(413, huge.statusCode());
        assertEquals("too-large", json(huge).getString("error"));
        assertEquals(404, call("POST", "/api/dev/token", null, "{\"userId\":\"x\"}").statusCode(), "dev login is off");
        for (HttpResponse<String> error : List.of(bad, huge, invalid, call("GET", "/api/user-status/bad%20id", reader, null),
                call("GET", "/api/no-such-thing", reader, null), call("PUT", "/api/user-status/batch", reader, "{}"))) {
            JsonObject body = json(error);
            assertTrue(body.containsKey("error") && body.containsKey("message"), error.body());
            assertTrue(!error.body().contains("Exception") && !error.body().contains("at dev.") && !error.body().contains("jakarta."),
                    "no internals in an error body: " + error.body());
        }
    }

    @Test
    void chatMembersTypeExchangeMessagesPageHistoryAndAnOperatorKicks() throws Exception {
        String room = uid("room");
        String alice = uid("alice");
        String bob = uid("bob");
        try (TestSocket a = connect(alice); TestSocket b = connect(bob)) {
            a.send("join-chat-session", "{\"chatSessionId\":\"" + room + "\"}", "j1");
            assertEquals("j1", a.await("chat-session-joined").getString("ref"));
            b.send("join-chat-session", "{\"chatSessionId\":\"" + room + "\"}", "j2");
            JsonObject joined = b.await("chat-session-joined");
            assertEquals(2, joined.getJsonObject("data").getJsonArray("members").size());
            assertEquals(bob, a.await("user-joined-chat-session").getJsonObject("data").getString("userId"));

            b.send("typing-start", "{\"chatSessionId\":\"" + room + "\"}", null);
            assertTrue(a.await("user-typing", f -> f.getJsonObject("data").getBoolean("isTyping"), 5_000) != null);
            for (int i = 0; i < 3; i++) {
                b.send("send-message", "{\"chatSessionId\":\"" + room + "\",\"text\":\"hello " + i + "\",\"clientMessageId\":\"c" + i + "\"}", "m" + i);
                String ref = "m" + i;
                JsonObject ack = b.await("message-ack", f -> ref.equals(f.getString("ref")), 5_000);
                assertEquals("c" + i, ack.getJsonObject("data").getString("clientMessageId"));
            }
            assertFalse(a.await("user-typing", f -> true, 5_000).getJsonObject("data").getBoolean("isTyping"), "sending ends typing");
            JsonObject delivered = a.await("new-message", f -> "hello 2".equals(f.getJsonObject("data").getString("text")), 5_000);
            String lastId = delivered.getJsonObject("data").getString("messageId");
            b.expectNone("new-message", f -> true, 300);

            b.send("send-message", "{\"chatSessionId\":\"" + room + "\",\"text\":\"other text\",\"clientMessageId\":\"c2\"}", "again");
            JsonObject repeat = b.await("message-ack", f -> "again".equals(f.getString("ref")), 5_000);
            assertEquals(lastId, repeat.getJsonObject("data").getString("messageId"), "a repeat is acked with the first id");
            a.expectNone("new-message", f -> "other text".equals(f.getJsonObject("data").getString("text")), 500);

            String reader = token(uid("reader"));
            JsonObject page = json(call("GET", "/api/chat-sessions/" + room + "/messages?limit=2", reader, null));
            assertEquals(List.of("hello 2", "hello 1"), page.getJsonArray("messages").stream()
                    .map(m -> m.asJsonObject().getString("text")).toList());
            JsonObject older = json(call("GET", "/api/chat-sessions/" + room + "/messages?limit=2&before=" + page.getString("nextBefore"), reader, null));
            assertEquals(1, older.getJsonArray("messages").size());
            assertTrue(older.isNull("nextBefore"));
            assertEquals(400, call("GET", "/api/chat-sessions/" + room + "/messages?before=nonsense", reader, null).statusCode());
            assertEquals(2, json(call("GET", "/api/chat-sessions/" + room + "/members", reader, null)).getJsonArray("members").size());

            expectError(a, "send-message", "{\"chatSessionId\":\"elsewhere\",\"text\":\"x\"}", "not-a-member");
            expectError(a, "send-message", "{\"chatSessionId\":\"" + room + "\",\"text\":\"\"}", "bad-request");

            assertEquals(403, call("DELETE", "/api/admin/sessions/" + bob, reader, null).statusCode());
            String admin = signer.sign(uid("op"), List.of("presence-admin"), Duration.ofHours(1), Instant.now());
            JsonObject kicked = json(call("DELETE", "/api/admin/sessions/" + bob, admin, null));
            assertEquals(1, kicked.getInt("closed"));
            assertEquals(4403, b.awaitClose());
            assertEquals(bob, a.await("user-left-chat-session").getJsonObject("data").getString("userId"));
        }
    }

    @Test
    void aClientThatStopsReadingIsClosedWith1008WhileTheOthersGetEveryMessage() throws Exception {
        String room = uid("slowroom");
        String slowUser = uid("slow");
        List<TestSocket> senders = new java.util.ArrayList<>();
        try (RawSocket slow = new RawSocket(base)) {
            slow.send("{\"event\":\"authenticate\",\"data\":{\"token\":\"" + token(slowUser) + "\"}}");
            slow.send("{\"event\":\"join-chat-session\",\"data\":{\"chatSessionId\":\"" + room + "\"}}");
            for (int i = 0; i < 15; i++) {
                TestSocket s = connect(uid("sender"));
                s.send("join-chat-session", "{\"chatSessionId\":\"" + room + "\"}", "j");
                s.await("chat-session-joined");
                senders.add(s);
            }
            TestSocket witness = senders.get(0);
            String text = "x".repeat(4000);
            int sent = 0;
            boolean slowGone = false;
            for (int round = 0; round < 400 && !slowGone; round++) { // 15 messages of 4 KB a round, 20 rounds a second at most
                for (int i = 1; i < senders.size(); i++) {
                    senders.get(i).send("send-message", "{\"chatSessionId\":\"" + room + "\",\"text\":\"" + text + "\"}", null);
                    sent++;
                }
                Thread.sleep(60);
                slowGone = !json(call("GET", "/api/chat-sessions/" + room + "/members", token(uid("r")), null)).toString().contains(slowUser);
            }
            assertTrue(slowGone, "the slow consumer was not closed after " + sent + " messages");
            witness.await("user-left-chat-session", f -> slowUser.equals(f.getJsonObject("data").getString("userId")), 10_000);
            int expected = sent;
            int received = 0;
            while (received < expected) {
                witness.await("new-message", f -> true, 20_000);
                received++;
            }
            assertEquals(expected, received, "the reading members got every message");
        } finally {
            senders.forEach(TestSocket::close);
        }
    }

    private static void expectError(TestSocket s, String event, String data, String code) throws Exception {
        s.send(event, data, "e-" + code);
        JsonObject err = s.await("error", f -> ("e-" + code).equals(f.getString("ref")), 5_000);
        assertEquals(code, err.getJsonObject("data").getString("code"));
    }

    @Test
    void healthMetricsAndOpenApiAreServed() throws Exception {
        HttpResponse<String> ready = call("GET", "/health/ready", null, null);
        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals("UP", json(ready).getString("status"));
        assertEquals(200, call("GET", "/health/live", null, null).statusCode());
        String metrics = call("GET", "/metrics", null, null).body();
        for (String name : List.of("presence_sessions_active", "presence_users_online", "presence_auth_success_total",
                "presence_auth_failure_total", "presence_messages_delivered_total", "presence_session_duration_seconds",
                "presence_fanout_seconds", "presence_db_write_seconds", "presence_db_queue_depth")) {
            assertTrue(metrics.contains(name), name + " missing from /metrics");
        }
        assertTrue(call("GET", "/openapi", null, null).body().contains("/api/user-status/online"));
    }
}
