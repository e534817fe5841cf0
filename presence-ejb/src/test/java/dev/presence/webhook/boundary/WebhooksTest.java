package dev.presence.webhook.boundary;

import dev.presence.store.control.InMemoryMongo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.sun.net.httpserver.HttpServer;
import dev.presence.status.control.UserState;
import dev.presence.store.control.Reconciler;
import dev.presence.testing.Await;
import dev.presence.webhook.control.OutboxDocuments;
import dev.presence.webhook.control.SenderDocument;
import dev.presence.webhook.control.Signature;
import dev.presence.webhook.control.WebhookMetrics;
import dev.presence.webhook.entity.WebhookEvent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhooks put together on one node: a store, a real HTTP receiver, real threads. */
class WebhooksTest {

    private static final String SECRET = "a-secret-for-this-test-only";
    private InMemoryMongo mongo;
    private MongoDatabase db;
    private HttpServer receiver;
    private final List<String[]> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger answer = new AtomicInteger(200);
    private Webhooks webhooks;

    @BeforeEach
    void start() throws Exception {
        mongo = new InMemoryMongo();
        db = mongo.db;
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new String[]{body, exchange.getRequestHeaders().getFirst(Signature.HEADER),
                    exchange.getRequestHeaders().getFirst("Content-Type")});
            exchange.sendResponseHeaders(answer.get(), -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        if (webhooks != null) {
            webhooks.close();
        }
        receiver.stop(0);
        mongo.close();
    }

    private Map<String, String> config() {
        return Map.of("presence.webhook.url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                "presence.webhook.secret", SECRET);
    }

    private Webhooks start(Map<String, String> config) {
        return Webhooks.startIfConfigured(config::get, db, Clock.systemUTC(), Thread::new, "n1-abc", "n1", 15_000,
                userId -> true, WebhookMetrics.NONE);
    }

    private static long webhookThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("presence-webhook")).count();
    }

    private static UserState online(String userId) {
        return UserState.initial(userId, null).heldBy("n1-abc", 1, 1, System.currentTimeMillis());
    }

    private List<JsonObject> receivedEvents() {
        return received.stream().flatMap(r -> Json.createReader(new StringReader(r[0])).readObject()
                .getJsonArray("events").getValuesAs(JsonObject.class).stream()).toList();
    }

    @Test
    void offWithoutAUrlAndNothingRuns() {
        assertNull(start(Map.of()));
        assertEquals(0, webhookThreads());
    }

    @Test
    void aChangeReachesTheReceiverSignedAsJson() {
        webhooks = start(config());
        UserState before = UserState.initial("alice", null);
        webhooks.userEvents().changed(before, online("alice"));
        Await.until(() -> !received.isEmpty(), "a delivery");
        String[] request = received.getFirst();
        assertEquals("application/json", request[2]);
        long t = Long.parseLong(request[1].replaceAll("t=(\\d+),v1=.*", "$1"));
        assertEquals(new Signature(SECRET.getBytes(StandardCharsets.UTF_8)).header(t, request[0]), request[1]);
        assertTrue(Math.abs(t - Instant.now().getEpochSecond()) < 60, "t is the time of sending");
        JsonObject event = receivedEvents().getFirst();
        assertEquals("user.online", event.getString("type"));
        assertEquals("alice", event.getString("userId"));
        Await.until(() -> new OutboxDocuments(db, java.time.Duration.ZERO).pending() == 0, "the outbox emptied");
    }

    @Test
    void aGracefulStopWritesEveryQueuedEventToTheOutboxAndReleasesTheSender() {
        answer.set(500); // nothing is acknowledged: everything stays in the outbox
        webhooks = start(config());
        for (int i = 0; i < 200; i++) {
            webhooks.userEvents().changed(UserState.initial("u" + i, null), online("u" + i));
        }
        webhooks.close();
        webhooks = null;
        assertEquals(0, webhookThreads(), "its threads ended");
        OutboxDocuments outbox = new OutboxDocuments(db, java.time.Duration.ZERO);
        assertEquals(200, outbox.pending(), "every event queued before the stop is in the outbox");
        Document sender = SenderDocument.read(db);
        assertTrue(!sender.getDate("expiresAt").after(new java.util.Date()), "the lease was let go: " + sender.toJson());
    }

    @Test
    void usersAReconciliationTookOfflineGetTheirOfflineUnlessInvisibleOrStillInTheDirectory() {
        answer.set(500);
        webhooks = start(config());
        Instant seen = Instant.parse("2026-11-27T21:00:00Z");
        webhooks.reconciled(new Reconciler.Result(List.of("dave", "ivy", "gus"), 3, List.of("dead-node"), List.of(
                new Reconciler.WentOffline("dave", seen, true),
                new Reconciler.WentOffline("ivy", seen, false),
                new Reconciler.WentOffline("gus", seen, true))), "gus"::equals);
        webhooks.close();
        webhooks = null;
        List<WebhookEvent> waiting = new OutboxDocuments(db, java.time.Duration.ZERO).head(10);
        assertEquals(List.of("user.offline:dave:r" + seen.toEpochMilli()), waiting.stream().map(WebhookEvent::id).toList());
    }
}
