package dev.presence.webhook.control;

import dev.presence.store.control.InMemoryMongo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import java.util.Date;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One sender in the cluster: the lease document's compare-and-set on a MongoDB-compatible store. */
class SenderDocumentTest {

    private static final long LEASE = 15_000;
    private InMemoryMongo mongo;
    private MongoDatabase db;
    private SenderDocument a;
    private SenderDocument b;

    @BeforeEach
    void start() {
        mongo = new InMemoryMongo();
        db = mongo.db;
        a = new SenderDocument(db, "node-a-1", "node-a");
        b = new SenderDocument(db, "node-b-1", "node-b");
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void oneNodeHoldsItUntilItLapsesThenAnotherTakesIt() {
        assertTrue(a.hold(0, LEASE, 0));
        assertFalse(b.hold(1_000, LEASE, 0), "held by a");
        assertTrue(a.hold(5_000, LEASE, 0), "a renews");
        assertFalse(b.hold(19_999, LEASE, 0), "renewed until 20 s");
        assertTrue(b.hold(20_000, LEASE, 0), "lapsed: b takes it");
        assertFalse(a.hold(20_001, LEASE, 0), "a learns it lost it");
        assertEquals("node-b-1", SenderDocument.read(db).getString("node"));
    }

    @Test
    void aReleasedLeaseIsFreeAtOnce() {
        assertTrue(a.hold(0, LEASE, 0));
        b.release(1_000); // not b's: no effect
        assertFalse(b.hold(1_001, LEASE, 0));
        a.release(2_000);
        assertTrue(b.hold(2_001, LEASE, 0));
    }

    @Test
    void aRestartedNodeTakesItBackFromItsEarlierRunAtOnce() {
        assertTrue(a.hold(0, LEASE, 0));
        SenderDocument restarted = new SenderDocument(db, "node-a-2", "node-a");
        assertTrue(restarted.hold(1_000, LEASE, 0), "same node name: the earlier run is dead");
        assertFalse(b.hold(2_000, LEASE, 0));
    }

    @Test
    void keepsWhatOperatorsRead() {
        a.hold(0, LEASE, 0);
        a.failed(1_000, "HTTP 500");
        a.failed(2_000, "HTTP 503");
        Document d = SenderDocument.read(db);
        assertEquals(2L, d.getLong("failures"));
        assertEquals(2, d.getInteger("consecutiveFailures"));
        assertEquals("HTTP 503", d.getString("lastError"));
        assertEquals(new Date(2_000), d.getDate("lastErrorAt"));
        a.recovered(3_000);
        a.hold(5_000, LEASE, 42);
        d = SenderDocument.read(db);
        assertEquals(0, d.getInteger("consecutiveFailures"));
        assertEquals(2L, d.getLong("failures"), "failures in all stay");
        assertEquals(42L, d.getLong("delivered"));
        assertEquals(new Date(5_000), d.getDate("lastDeliveredAt"));
    }
}
