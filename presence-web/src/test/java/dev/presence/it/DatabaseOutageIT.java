package dev.presence.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.presence.auth.control.TokenSigner;
import jakarta.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bson.Document;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The store goes away for 30 s while clients keep working: presence is answered from memory, readiness
 * reports DOWN with the reason, writes queue (with the queue-depth metric) and are all applied when the
 * store returns, and a message is never acknowledged unless stored.
 */
@ExtendWith(ArquillianExtension.class)
class DatabaseOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static Path storeFile;
    private static int port;
    private static MongoServer mongo;
    private static TokenSigner signer;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        storeFile = Files.createTempDirectory("presence-outage").resolve("store.mv");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        mongo = startStore();
        Deployments.Setup setup = Deployments.warAgainst("mongodb://127.0.0.1:" + port, "outage-it",
                "presence.rest.anonymous-reads=true", "presence.offline-grace-ms=200");
        signer = setup.signer();
        return setup.war();
    }

    private static MongoServer startStore() {
        MongoServer server = new MongoServer(new H2Backend(storeFile.toString()));
        server.bind(new InetSocketAddress("127.0.0.1", port));
        return server;
    }

    private TestSocket connect(String userId) throws Exception {
        TestSocket s = TestSocket.open(URI.create(base.toString().replaceFirst("^http", "ws") + "ws"));
        s.send("authenticate", "{\"token\":\"" + signer.sign(userId, List.of(), Duration.ofHours(1), Instant.now()) + "\"}", "a");
        s.await("authentication-success");
        return s;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path.substring(1))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Document storedUser(String id) {
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            return client.getDatabase("presence-it").getCollection("users").find(new Document("_id", id)).first();
        }
    }

    @Test
    void presenceLivesThroughAStoreOutageAndEveryQueuedWriteLandsWhenItReturns() throws Exception {
        try (TestSocket watcher = connect("watcher"); TestSocket alice = connect("alice")) {
            watcher.send("subscribe-presence", "{\"userIds\":[\"alice\"]}", "s");
            watcher.await("presence-snapshot");
            alice.send("join-chat-session", "{\"chatSessionId\":\"room\"}", "j");
            alice.await("chat-session-joined");

            mongo.shutdownNow();
            long outageStarted = System.nanoTime();
            alice.send("set-status", "{\"status\":\"away\",\"statusText\":\"during the outage\"}", null);
            JsonObject change = watcher.await("user-status-change", f -> "away".equals(f.getJsonObject("data").getString("status")), 5_000);
            assertEquals("during the outage", change.getJsonObject("data").getString("statusText"), "presence is served from memory");
            assertTrue(get("/api/user-status/alice").body().contains("\"statusText\":\"during the outage\""));

            alice.send("send-message", "{\"chatSessionId\":\"room\",\"text\":\"lost?\",\"clientMessageId\":\"o1\"}", "m");
            JsonObject reply = alice.await("error", f -> "m".equals(f.getString("ref")), 30_000);
            assertEquals("internal", reply.getJsonObject("data").getString("code"), "never an ack for something not stored");

            HttpResponse<String> ready = get("/health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("DOWN") && ready.body().contains("database unreachable"), ready.body());
            assertTrue(get("/metrics").body().matches("(?s).*presence_db_queue_depth\\{[^}]*\\} [1-9].*"), "writes are queued");

            long left = OUTAGE.toNanos() - (System.nanoTime() - outageStarted);
            Thread.sleep(Math.max(0, left / 1_000_000));
            alice.send("ping", null, "p");
            alice.await("pong", f -> "p".equals(f.getString("ref")), 5_000);

            mongo = startStore();
            long until = System.currentTimeMillis() + 30_000;
            Document stored = null;
            while (System.currentTimeMillis() < until) {
                stored = storedUser("alice");
                if (stored != null && "during the outage".equals(stored.getString("statusText"))) {
                    break;
                }
                Thread.sleep(500);
            }
            assertEquals("away", stored.getString("status"), "the queued write landed");
            assertEquals("during the outage", stored.getString("statusText"));
            until = System.currentTimeMillis() + 15_000;
            while (get("/health/ready").statusCode() != 200 && System.currentTimeMillis() < until) {
                Thread.sleep(250);
            }
            assertEquals(200, get("/health/ready").statusCode(), "ready again");
            alice.send("send-message", "{\"chatSessionId\":\"room\",\"text\":\"after\",\"clientMessageId\":\"o2\"}", "m2");
            assertEquals("o2", alice.await("message-ack", f -> "m2".equals(f.getString("ref")), 15_000)
                    .getJsonObject("data").getString("clientMessageId"));
        }
    }
}
