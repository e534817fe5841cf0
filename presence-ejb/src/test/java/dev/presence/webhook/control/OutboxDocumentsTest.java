package dev.presence.webhook.control;

import dev.presence.store.control.InMemoryMongo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.presence.webhook.entity.WebhookEvent;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbox on a MongoDB-compatible store (mongo-java-server), through the driver. */
class OutboxDocumentsTest {

    private InMemoryMongo mongo;
    private MongoDatabase db;
    private OutboxDocuments outbox;

    @BeforeEach
    void start() {
        mongo = new InMemoryMongo();
        db = mongo.db;
        outbox = new OutboxDocuments(db, Duration.ofHours(24));
        outbox.ensureIndexes();
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    private static WebhookEvent event(String id, long seq, int n, long time) {
        return new WebhookEvent(id, seq, n, time, "{\"id\":\"" + id + "\"}");
    }

    private List<String> head() {
        return outbox.head(100).stream().map(WebhookEvent::id).toList();
    }

    @Test
    void theHeadIsInDeliveryOrderAndAnEventWrittenTwiceIsThereOnce() {
        outbox.insert(List.of(event("c", 30, 0, 3), event("a2", 10, 1, 1), event("a1", 10, 0, 1)));
        outbox.insert(List.of(event("b", 20, 0, 2), event("a1", 10, 0, 1))); // a1 again: another node recorded it too
        assertEquals(List.of("a1", "a2", "b", "c"), head());
        assertEquals(List.of("a1", "a2"), outbox.head(2).stream().map(WebhookEvent::id).toList());
        assertEquals(4, outbox.pending());
        assertEquals(new Date(1), outbox.oldestPending());
        WebhookEvent read = outbox.head(1).getFirst();
        assertEquals(event("a1", 10, 0, 1), read, "read back as written");
    }

    @Test
    void deliveredEventsLeaveTheOutboxAndAreKeptForReplayThenPruned() {
        outbox.insert(List.of(event("a", 1, 0, 100), event("b", 2, 0, 200), event("c", 3, 0, 300)));
        outbox.delivered(outbox.head(2), 1_000);
        assertEquals(List.of("c"), head());
        outbox.gaveUp(outbox.head(1), 2_000);
        assertEquals(0, outbox.pending());
        assertNull(outbox.oldestPending());
        assertEquals(3, outbox.kept());
        Document gaveUp = db.getCollection(OutboxDocuments.EVENTS).find(new Document("_id", "c")).first();
        assertEquals(false, gaveUp.getBoolean("delivered"));
        assertEquals(new Date(2_000), gaveUp.getDate("doneAt"));
        assertEquals(2, outbox.prune(1_500));
        assertEquals(1, outbox.kept());
    }

    @Test
    void aReplayPutsKeptEventsOfATimeRangeBackWithTheirIdsAndOrder() {
        outbox.insert(List.of(event("a", 1, 0, 100), event("b", 2, 0, 200), event("c", 3, 0, 300), event("d", 4, 0, 400)));
        outbox.delivered(outbox.head(3), 1_000); // d still waits
        assertEquals(new OutboxDocuments.Replay(2, 0), outbox.replay(new Date(200), new Date(1_000), true));
        assertEquals(List.of("d"), head(), "a dry run changes nothing");
        assertEquals(new OutboxDocuments.Replay(2, 2), outbox.replay(new Date(200), new Date(1_000), false));
        assertEquals(List.of("b", "c", "d"), head());
        assertEquals("{\"id\":\"b\"}", outbox.head(1).getFirst().json());
        assertEquals(new OutboxDocuments.Replay(2, 0), outbox.replay(new Date(200), new Date(1_000), false), "already waiting");
        outbox.delivered(outbox.head(3), 2_000);
        assertEquals(4, outbox.kept(), "delivered again: kept once");
    }

    @Test
    void withNoRetentionNothingIsKept() {
        OutboxDocuments none = new OutboxDocuments(db, Duration.ZERO);
        none.insert(List.of(event("a", 1, 0, 100)));
        none.delivered(none.head(1), 1_000);
        assertEquals(0, none.pending());
        assertEquals(0, none.kept());
    }
}
