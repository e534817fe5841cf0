package dev.presence.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.presence.auth.control.TokenSigner;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code presence.chat-access=grant} on Payara Micro: joins need grants, chat reads need membership; a grant is
 * no login token; with {@code mp.jwt.verify.audiences} set every token must name the service in {@code aud}.
 */
@ExtendWith(ArquillianExtension.class)
class GrantModeIT {

    private static TokenSigner signer;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        Deployments.Setup setup = Deployments.war("grant-it", "presence.chat-access=grant", "presence.rest.anonymous-reads=true",
                "mp.jwt.verify.audiences=presence-it");
        signer = setup.signer();
        return setup.war();
    }

    /** A token naming this service's audience, with {@code claims} (a grant's chatSessionId). */
    private String token(String userId, Map<String, String> claims) {
        Map<String, String> all = new java.util.HashMap<>(claims);
        all.putIfAbsent("aud", "presence-it");
        return signer.sign(userId, List.of(), Duration.ofHours(1), Instant.now(), all);
    }

    private int get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path.substring(1)));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aJoinNeedsAGrantAndChatReadsNeedMembershipWhateverAnonymousReadsSay() throws Exception {
        try (TestSocket alice = TestSocket.open(URI.create(base.toString().replaceFirst("^http", "ws") + "ws"))) {
            alice.send("authenticate", "{\"token\":\"" + token("alice", Map.of()) + "\"}", "a");
            alice.await("authentication-success");
            alice.send("join-chat-session", "{\"chatSessionId\":\"vip\"}", "j0");
            JsonObject refused = alice.await("error", f -> "j0".equals(f.getString("ref")), 5_000);
            assertEquals("forbidden", refused.getJsonObject("data").getString("code"));
            alice.send("join-chat-session", "{\"chatSessionId\":\"vip\",\"grant\":\"" + token("alice", Map.of("chatSessionId", "lobby")) + "\"}", "j1");
            assertEquals("forbidden", alice.await("error", f -> "j1".equals(f.getString("ref")), 5_000).getJsonObject("data").getString("code"));
            alice.send("join-chat-session", "{\"chatSessionId\":\"vip\",\"grant\":\"" + token("alice", Map.of()) + "\"}", "j1b");
            assertEquals("forbidden", alice.await("error", f -> "j1b".equals(f.getString("ref")), 5_000).getJsonObject("data").getString("code"),
                    "a login token is no grant");
            assertEquals(401, get("/api/chat-sessions/vip/members", null), "a token is needed even with anonymous reads on");

            alice.send("join-chat-session", "{\"chatSessionId\":\"vip\",\"grant\":\"" + token("alice", Map.of("chatSessionId", "vip")) + "\"}", "j2");
            alice.await("chat-session-joined", f -> "j2".equals(f.getString("ref")), 5_000);
            assertEquals(200, get("/api/chat-sessions/vip/members", token("alice", Map.of())));
            assertEquals(200, get("/api/chat-sessions/vip/messages", token("alice", Map.of())));
            assertEquals(403, get("/api/chat-sessions/vip/messages", token("bob", Map.of())), "not a member");
            assertEquals(200, get("/api/chat-sessions/vip/members",
                    signer.sign("op", List.of("presence-admin"), Duration.ofHours(1), Instant.now(), Map.of("aud", "presence-it"))),
                    "operators may read");
            assertEquals(401, get("/api/chat-sessions/vip/members", token("alice", Map.of("chatSessionId", "vip"))),
                    "a grant is no login token");
            assertEquals(401, get("/api/chat-sessions/vip/members", signer.sign("alice", List.of(), Duration.ofHours(1), Instant.now())),
                    "a token without the audience");
            assertEquals(401, get("/api/chat-sessions/vip/members", token("alice", Map.of("aud", "another-service"))),
                    "a token for another audience");
        }
        try (TestSocket grantOnly = TestSocket.open(URI.create(base.toString().replaceFirst("^http", "ws") + "ws"))) {
            grantOnly.send("authenticate", "{\"token\":\"" + token("alice", Map.of("chatSessionId", "vip")) + "\"}", "a");
            assertEquals("invalid-token", grantOnly.await("authentication-error").getJsonObject("data").getString("code"),
                    "a grant does not authenticate a socket");
        }
    }
}
