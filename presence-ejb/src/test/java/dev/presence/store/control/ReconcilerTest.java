package dev.presence.store.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

    private static final Instant NOW = Instant.parse("2026-11-27T21:30:00Z");
    private InMemoryMongo mongo;
    private MongoDatabase db;

    @BeforeEach
    void start() {
        mongo = new InMemoryMongo();
        db = mongo.db;
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    private void lease(String node, Instant renewed, Instant expires) {
        db.getCollection("nodes").insertOne(new Document("_id", node).append("nodeName", node)
                .append("renewedAt", Date.from(renewed)).append("expiresAt", Date.from(expires)));
    }

    private void user(String id, boolean online, List<String> sockets, Instant lastSeen) {
        db.getCollection("users").insertOne(new Document("_id", id).append("isOnline", online)
                .append("status", "busy").append("socketIds", sockets).append("lastSeen", Date.from(lastSeen))
                .append("updatedAt", Date.from(lastSeen)));
    }

    private Document user(String id) {
        return db.getCollection("users").find(new Document("_id", id)).first();
    }

    @Test
    void usersOfADeadNodeGoOfflineAtItsLastRenewalAndOthersKeepTheirLiveSockets() {
        Instant lastRenewal = NOW.minusSeconds(20);
        lease("dead", lastRenewal, NOW.minusSeconds(5));
        lease("live", NOW, NOW.plusSeconds(15));
        user("only-dead", true, List.of("dead:1", "dead:2"), NOW.minusSeconds(600));
        user("both", true, List.of("dead:3", "live:1"), NOW.minusSeconds(600));
        user("only-live", true, List.of("live:2"), NOW.minusSeconds(600));

        Reconciler.Result dry = new Reconciler(db).reconcile(NOW, NOW.minusSeconds(15), true);
        assertEquals(List.of("only-dead"), dry.usersSetOffline());
        assertEquals(3, dry.socketIdsRemoved());
        assertEquals(true, user("only-dead").getBoolean("isOnline"), "a dry run changes nothing");

        Reconciler.Result r = new Reconciler(db).reconcile(NOW, NOW.minusSeconds(15), false);
        assertEquals(List.of("only-dead"), r.usersSetOffline());
        Document gone = user("only-dead");
        assertEquals(false, gone.getBoolean("isOnline"));
        assertEquals(List.of(), gone.getList("socketIds", String.class));
        assertEquals(Date.from(lastRenewal), gone.getDate("lastSeen"));
        assertEquals("busy", gone.getString("status"), "the chosen status is kept");
        Document both = user("both");
        assertEquals(true, both.getBoolean("isOnline"));
        assertEquals(List.of("live:1"), both.getList("socketIds", String.class));
        assertEquals(List.of("live:2"), user("only-live").getList("socketIds", String.class));
        assertEquals(1, db.getCollection("nodes").countDocuments(), "the dead lease is dropped");
    }

    @Test
    void anOnlineUserWithoutSocketsIsOrphanedOnlyOnceOlderThanALease() {
        user("in-grace", true, List.of(), NOW.minusSeconds(2));
        user("orphan", true, List.of(), NOW.minusSeconds(60));
        Reconciler.Result r = new Reconciler(db).reconcile(NOW, NOW.minusSeconds(15), false);
        assertEquals(List.of("orphan"), r.usersSetOffline());
        assertEquals(true, user("in-grace").getBoolean("isOnline"));
    }

    @Test
    void saysWhoItTookOfflineWithTheLastSeenWrittenAndWhetherOthersSawThemOnline() {
        Instant lastRenewal = NOW.minusSeconds(20);
        lease("dead", lastRenewal, NOW.minusSeconds(5));
        user("seen", true, List.of("dead:1"), NOW.minusSeconds(600));
        user("hidden", true, List.of("dead:2"), NOW.minusSeconds(600));
        db.getCollection("users").updateOne(new Document("_id", "hidden"), new Document("$set", new Document("status", "invisible")));
        assertEquals(List.of(), new Reconciler(db).reconcile(NOW, NOW.minusSeconds(15), true).wentOffline(),
                "a dry run takes nobody offline");
        Reconciler.Result r = new Reconciler(db).reconcile(NOW, NOW.minusSeconds(15), false);
        assertEquals(List.of(new Reconciler.WentOffline("seen", lastRenewal, true),
                new Reconciler.WentOffline("hidden", lastRenewal, false)), r.wentOffline());
        assertEquals(List.of(), new Reconciler(db).reconcile(NOW, NOW.minusSeconds(15), false).wentOffline(), "once");
    }
}
