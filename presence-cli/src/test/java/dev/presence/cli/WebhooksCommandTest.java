package dev.presence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.presence.webhook.control.OutboxDocuments;
import dev.presence.webhook.control.SenderDocument;
import dev.presence.webhook.entity.WebhookEvent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code presence webhooks status} and {@code replay} against a store seeded as a node would leave it. */
class WebhooksCommandTest {

    private MongoServer server;
    private MongoClient client;
    private MongoDatabase db;
    private String uri;
    private OutboxDocuments outbox;
    private final Instant now = Instant.now();

    @BeforeEach
    void seed() {
        server = new MongoServer(new MemoryBackend());
        uri = server.bindAndGetConnectionString();
        client = MongoClients.create(uri);
        db = client.getDatabase("presence");
        outbox = new OutboxDocuments(db, Duration.ofHours(24));
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdown();
    }

    private WebhookEvent event(String id, Instant at) {
        return new WebhookEvent(id, at.toEpochMilli() * 1000, 0, at.toEpochMilli(), "{\"id\":\"" + id + "\"}");
    }

    private List<String> waiting() {
        return outbox.head(100).stream().map(WebhookEvent::id).toList();
    }

    private static JsonObject json(String out) {
        return Json.createReader(new StringReader(out.trim())).readObject();
    }

    @Test
    void statusShowsPendingTheOldestsAgeFailuresAndTheLastError() {
        Cli empty = Cli.run("webhooks", "status", "--mongodb-uri", uri, "--json");
        assertEquals(0, empty.exit(), empty.err());
        assertEquals(0, json(empty.out()).getInt("pending"));
        assertTrue(json(empty.out()).isNull("oldestPendingAgeSeconds"));

        outbox.insert(List.of(event("a", now.minusSeconds(90)), event("b", now.minusSeconds(10))));
        SenderDocument sender = new SenderDocument(db, "node-1-x", "node-1");
        sender.hold(now.toEpochMilli(), 15_000, 0);
        sender.failed(now.toEpochMilli(), "HTTP 500");
        sender.failed(now.toEpochMilli(), "HTTP 502");
        JsonObject s = json(Cli.run("webhooks", "status", "--mongodb-uri", uri, "--json").out());
        assertEquals(2, s.getInt("pending"));
        assertTrue(s.getInt("oldestPendingAgeSeconds") >= 90 && s.getInt("oldestPendingAgeSeconds") < 120, s.toString());
        assertEquals(2, s.getInt("failuresInARow"));
        assertEquals(2, s.getInt("failures"));
        assertEquals("HTTP 502", s.getString("lastError"));
        assertEquals("node-1-x", s.getString("sender"));
        assertTrue(s.getBoolean("senderLive"));

        Cli table = Cli.run("webhooks", "status", "--mongodb-uri", uri);
        assertTrue(table.out().contains("pending") && table.out().contains("HTTP 502 at") && table.out().contains("s ago"), table.out());
    }

    @Test
    void replayPutsKeptEventsBackWithTheirIdsAndADryRunChangesNothing() {
        outbox.insert(List.of(event("old", now.minus(Duration.ofHours(5))), event("mid", now.minus(Duration.ofHours(2))),
                event("new", now.minusSeconds(60))));
        outbox.delivered(outbox.head(3), now.toEpochMilli());
        Cli dry = Cli.run("webhooks", "replay", "--mongodb-uri", uri, "--from", "3h", "--dry-run");
        assertEquals(0, dry.exit(), dry.err());
        assertTrue(dry.out().contains("would queue 2 kept event(s)"), dry.out());
        assertEquals(List.of(), waiting());

        Cli real = Cli.run("webhooks", "replay", "--mongodb-uri", uri, "--from", now.minus(Duration.ofHours(3)).toString(),
                "--to", now.minus(Duration.ofHours(1)).toString());
        assertEquals(0, real.exit(), real.err());
        assertTrue(real.out().contains("queued 1 event(s)") && real.out().contains("no node is sending webhooks now"), real.out());
        assertEquals(List.of("mid"), waiting());
        assertEquals("{\"id\":\"mid\"}", outbox.head(1).getFirst().json(), "the event as it was first sent");
    }

    @Test
    void badTimesAreUsageErrorsAndChangeNothing() {
        outbox.insert(List.of(event("e", now.minusSeconds(60))));
        outbox.delivered(outbox.head(1), now.toEpochMilli());
        for (List<String> args : List.<List<String>>of(List.of("--from", "yesterday"), List.of("--from", "2026-13-01T00:00:00Z"),
                List.of("--from", "1h", "--to", "2h"), List.of("--from", now.plusSeconds(3600).toString()), List.of())) {
            List<String> all = new java.util.ArrayList<>(List.of("webhooks", "replay", "--mongodb-uri", uri));
            all.addAll(args);
            Cli r = Cli.run(all.toArray(String[]::new));
            assertEquals(2, r.exit(), args + ": " + r.out() + r.err());
            assertTrue(!r.err().isBlank(), args + " says why");
        }
        assertEquals(List.of(), waiting(), "nothing was queued");
        assertEquals(2, Cli.run("webhooks").exit());
        assertEquals(3, Cli.run("webhooks", "status", "--mongodb-uri", "mongodb://127.0.0.1:1").exit());
        assertTrue(Cli.run("webhooks", "replay", "--help").out().contains("Examples:"));
    }
}
