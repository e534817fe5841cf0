package dev.presence.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.presence.auth.control.PublicKeys;
import dev.presence.auth.control.TokenSigner;
import dev.presence.it.TestSocket;
import jakarta.json.JsonObject;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The built EAR, unchanged, on a full Payara Server 7 started by Arquillian. The server gets its
 * configuration from the environment (see the failsafe configuration), as an operator would give it.
 */
@ExtendWith(ArquillianExtension.class)
class EarOnPayaraServerIT {

    private static MongoServer mongo;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        // the application connects to its database while it deploys: start the store first
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind(new InetSocketAddress("127.0.0.1", Integer.getInteger("it.mongodb.port", 27099)));
        return ShrinkWrap.create(ZipImporter.class, "presence.ear")
                .importFrom(new File(System.getProperty("presence.ear", "target/presence.ear")))
                .as(EnterpriseArchive.class);
    }

    private URI root(String path) {
        URI u = URI.create(base.toString());
        return URI.create(u.getScheme() + "://" + u.getHost() + ":" + u.getPort() + path);
    }

    private static String token(String userId) throws Exception {
        return new TokenSigner(PublicKeys.readPrivateKey(Path.of("src/test/resources/it-private.pem")), "presence-it-server")
                .sign(userId, List.of(), Duration.ofHours(1), Instant.now());
    }

    private TestSocket connect(String userId) throws Exception {
        TestSocket s = TestSocket.open(URI.create(root("/ws").toString().replaceFirst("^http", "ws")));
        s.send("authenticate", "{\"token\":\"" + token(userId) + "\"}", "a");
        assertEquals(userId, s.await("authentication-success").getJsonObject("data").getString("userId"));
        return s;
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(root(path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theEarServesPresenceOverWebSocketAndRestOnAFullServer() throws Exception {
        HttpResponse<String> ready = get("/health/ready", null);
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"UP\""), ready.body());

        try (TestSocket watcher = connect("watcher"); TestSocket alice = connect("alice")) {
            watcher.send("subscribe-presence", "{\"userIds\":[\"alice\"]}", "s");
            watcher.await("presence-snapshot");
            alice.send("set-status", "{\"status\":\"busy\",\"statusText\":\"on a full server\"}", null);
            JsonObject change = watcher.await("user-status-change", f -> "busy".equals(f.getJsonObject("data").getString("status")), 10_000);
            assertEquals("on a full server", change.getJsonObject("data").getString("statusText"));

            HttpResponse<String> status = get("/api/user-status/alice", token("reader"));
            assertEquals(200, status.statusCode(), status.body());
            assertTrue(status.body().contains("\"isOnline\":true") && status.body().contains("\"connections\":1"), status.body());
            assertTrue(get("/api/user-status/online/count", token("reader")).body().contains("\"count\":2"));
            assertEquals(401, get("/api/user-status/online/count", "not-a-jwt").statusCode());
        }
    }
}
