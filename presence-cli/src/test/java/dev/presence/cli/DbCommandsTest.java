package dev.presence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.presence.testing.Parsed;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbCommandsTest {

    private MongoServer server;
    private MongoClient client;
    private MongoDatabase db;
    private String uri;

    @TempDir
    Path empty;

    @BeforeEach
    void seed() {
        server = new MongoServer(new MemoryBackend());
        uri = server.bindAndGetConnectionString();
        client = MongoClients.create(uri);
        db = client.getDatabase("presence");
        Instant now = Instant.now();
        db.getCollection("nodes").insertMany(List.of(
                new Document("_id", "dead-1").append("nodeName", "dead").append("renewedAt", Date.from(now.minusSeconds(60))).append("expiresAt", Date.from(now.minusSeconds(45))),
                new Document("_id", "live-1").append("nodeName", "live").append("renewedAt", Date.from(now)).append("expiresAt", Date.from(now.plusSeconds(15)))));
        db.getCollection("users").insertMany(List.of(
                new Document("_id", "ghost").append("isOnline", true).append("status", "away").append("socketIds", List.of("dead-1:1")).append("lastSeen", Date.from(now.minusSeconds(3600))),
                new Document("_id", "here").append("isOnline", true).append("status", "available").append("socketIds", List.of("live-1:1")),
                new Document("_id", "gone").append("isOnline", false).append("status", "busy").append("socketIds", List.of())));
        db.getCollection("messages").insertMany(List.of(
                new Document("chatSessionId", "r").append("userId", "here").append("text", "old").append("sentAt", Date.from(now.minus(Duration.ofDays(40)))),
                new Document("chatSessionId", "r").append("userId", "here").append("text", "new").append("sentAt", Date.from(now))));
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdown();
    }

    private Document user(String id) {
        return db.getCollection("users").find(new Document("_id", id)).first();
    }

    @Test
    void theDriversLogShowsOnlyWithVerbose() {
        java.util.logging.Logger driver = java.util.logging.Logger.getLogger("org.mongodb.driver");
        assertEquals(0, Cli.run("db", "stats", "--mongodb-uri", uri).exit());
        assertTrue(!driver.isLoggable(java.util.logging.Level.INFO), "the driver's INFO lines (3 KB a command) stay out of a CLI's output");
        assertEquals(0, Cli.run("db", "stats", "--mongodb-uri", uri, "--verbose").exit());
        assertTrue(driver.isLoggable(java.util.logging.Level.INFO));
        Cli.run("db", "stats", "--mongodb-uri", uri);
        assertTrue(!driver.isLoggable(java.util.logging.Level.INFO), "and it does not stay on for the next command");
    }

    @Test
    void statsCountsWhatAnOperatorAsksAbout() {
        Cli r = Cli.run("db", "stats", "--mongodb-uri", uri, "--json");
        assertEquals(0, r.exit(), r.err());
        JsonObject stats = Parsed.object(r.out());
        assertEquals(3, stats.getInt("users"), r.out());
        assertEquals(2, stats.getInt("onlineUsers"), r.out());
        assertEquals(1, stats.getInt("orphanedSocketIds"), r.out());
        assertEquals(1, stats.getInt("expiredLeases"), r.out());
        assertEquals(2, stats.getInt("messages"), r.out());
        assertTrue(stats.containsKey("indexes"), r.out());
        Cli table = Cli.run("db", "stats", "--mongodb-uri", uri);
        assertTrue(table.out().contains("orphaned socketIds") && table.out().contains("_id_"), table.out());
    }

    @Test
    void cleanupDryRunChangesNothingAndCleanupTakesGhostsOfflineAtTheLastRenewal() {
        Cli dry = Cli.run("db", "cleanup", "--mongodb-uri", uri, "--dry-run");
        assertEquals(0, dry.exit());
        assertTrue(dry.out().contains("would set 1 user(s) offline") && dry.out().contains("ghost"), dry.out());
        assertEquals(true, user("ghost").getBoolean("isOnline"));

        Cli real = Cli.run("db", "cleanup", "--mongodb-uri", uri);
        assertTrue(real.out().contains("set 1 user(s) offline"), real.out());
        Document ghost = user("ghost");
        assertEquals(false, ghost.getBoolean("isOnline"));
        assertEquals(List.of(), ghost.getList("socketIds", String.class));
        assertEquals(db.getCollection("nodes").countDocuments(), 1L);
        assertEquals(true, user("here").getBoolean("isOnline"));
    }

    @Test
    void resetOfflineAsksUnlessToldYesAndHasADryRun() {
        Cli dry = Cli.run("db", "reset-offline", "--mongodb-uri", uri, "--dry-run");
        assertTrue(dry.out().contains("would set 2 user(s) offline"), dry.out());
        assertEquals(true, user("here").getBoolean("isOnline"));
        Cli yes = Cli.run("db", "reset-offline", "--mongodb-uri", uri, "--yes");
        assertEquals(0, yes.exit());
        assertEquals(false, user("here").getBoolean("isOnline"));
        assertEquals(List.of(), user("here").getList("socketIds", String.class));
    }

    @Test
    void pruneMessagesByAgeWithADryRun() {
        Cli dry = Cli.run("db", "prune-messages", "--mongodb-uri", uri, "--older-than", "30d", "--dry-run");
        assertTrue(dry.out().contains("would delete 1 message(s)"), dry.out());
        assertEquals(2, db.getCollection("messages").countDocuments());
        Cli real = Cli.run("db", "prune-messages", "--mongodb-uri", uri, "--older-than", "30d");
        assertTrue(real.out().contains("deleted 1 message(s)"), real.out());
        assertEquals(1, db.getCollection("messages").countDocuments());
    }

    @Test
    void ensureIndexesSucceeds() {
        assertEquals(0, Cli.run("db", "ensure-indexes", "--mongodb-uri", uri).exit());
    }

    @Test
    void badUsageIsTwoAndAnUnreachableDatabaseIsThree() {
        assertEquals(2, Cli.run("db", "prune-messages", "--mongodb-uri", uri, "--older-than", "soon").exit());
        assertEquals(2, Cli.run("db", "prune-messages", "--mongodb-uri", uri).exit(), "--older-than is required");
        assertEquals(2, Cli.run("nonsense").exit());
        Cli noStore = Cli.run("db", "stats", "--data-dir", empty.toString());
        assertEquals(3, noStore.exit());
        assertTrue(noStore.err().contains("start presence serve or give --mongodb-uri"), noStore.err());
        assertEquals(3, Cli.run("db", "stats", "--mongodb-uri", "mongodb://127.0.0.1:1").exit());
        assertEquals(3, Cli.run("count", "--url", "http://127.0.0.1:1", "--data-dir", empty.toString()).exit());
        assertEquals(1, Cli.run("token", "alice", "--data-dir", empty.toString()).exit(), "no development key there");
    }

    @Test
    void everyCommandHasHelpWithExamplesAndCompletionPrintsAScript() {
        for (String c : List.of("serve", "status", "online", "count", "token", "kick")) {
            Cli help = Cli.run(c, "--help");
            assertEquals(0, help.exit(), c);
            assertTrue(help.out().contains("Examples:"), c + ": " + help.out());
        }
        assertTrue(Cli.run("completion").out().contains("complete -F"), "a bash completion script");
    }
}
