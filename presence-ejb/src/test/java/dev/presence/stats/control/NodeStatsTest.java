package dev.presence.stats.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.stats.entity.Figures;
import dev.presence.stats.entity.Interval;
import dev.presence.stats.entity.StatsPoint;
import dev.presence.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One node's stats from its recorder through the database's minutes, hours and days, on a manual clock
 * (it starts at 21:30:00): the roll-ups, their retention, and what the node keeps in memory meanwhile.
 */
class NodeStatsTest {

    private final MutableClock clock = new MutableClock();
    private final StatsStore store = new StatsStore();
    private final StatsDocuments docs = new StatsDocuments(store.db);
    private final AtomicLong online = new AtomicLong();
    private final Set<String> connected = new HashSet<>();
    private final NodeStats node = new NodeStats("node-a", clock, docs, online::get, () -> connected);

    @AfterEach
    void stop() {
        store.close();
    }

    /** A second passes: the sampler runs, and every fifth second the writer. */
    private void seconds(int n) {
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofSeconds(1));
            node.sample();
            if (clock.instant().getEpochSecond() % 5 == 0) {
                node.write();
            }
        }
    }

    private StatsPoint only(Interval interval, Instant start) {
        List<StatsPoint> points = docs.points(interval, start, interval.plus(start, 1));
        assertEquals(1, points.size(), interval + " " + start + ": " + points);
        return points.getFirst();
    }

    @Test
    void minutesRollUpIntoTheirHourAndDayWithPeaksMeansTotalsAndUniqueUsers() {
        MinuteRecorder r = node.recorder();
        // 21:30: alice and bob connect (and stay); 10 online for 30 s then 20 for 30 s
        connected.addAll(List.of("alice", "bob"));
        r.authenticated(true);
        r.authenticated(true);
        r.authenticated(false);
        r.present("alice");
        r.present("bob");
        r.messagesStored(5);
        online.set(10);
        seconds(30);
        online.set(20);
        seconds(30); // 21:31:00: the minute is over
        // 21:31: a session of 90 s ends, carol connects
        r.sessionEnded(90_000);
        r.authenticated(true);
        r.present("carol");
        r.messagesStored(2);
        online.set(30);
        seconds(65);

        Figures first = only(Interval.MINUTE, Instant.parse("2026-11-27T21:30:00Z")).figures();
        assertEquals(20, first.peakOnline());
        assertEquals(15.0, first.avgOnline(), 0.5);
        assertEquals(2, first.connects());
        assertEquals(1, first.authFailures());
        assertEquals(5, first.messages());
        assertEquals(2, first.uniqueUsers());
        assertNull(first.avgSessionSeconds(), "no session ended in that minute");
        assertNull(first.users(), "cluster minutes are kept without their sketch");

        Figures second = only(Interval.MINUTE, Instant.parse("2026-11-27T21:31:00Z")).figures();
        assertEquals(3, second.uniqueUsers(), "alice and bob still connected, and carol");
        assertEquals(90.0, second.avgSessionSeconds());

        Figures hour = only(Interval.HOUR, Instant.parse("2026-11-27T21:00:00Z")).figures();
        assertEquals(30, hour.peakOnline());
        assertEquals(3, hour.connects());
        assertEquals(7, hour.messages());
        assertEquals(3, hour.uniqueUsers(), "alice and bob counted once over both minutes");
        assertTrue(hour.users() != null, "hours keep their sketch: days are merged from it");
        Figures day = only(Interval.DAY, Instant.parse("2026-11-27T00:00:00Z")).figures();
        assertEquals(hour.connects(), day.connects());
        assertEquals(3, day.uniqueUsers());
    }

    @Test
    void aDayMergesItsHoursAndTheMinuteUnderWayIsVisibleBeforeItEnds() {
        node.recorder().present("dave");
        node.recorder().authenticated(true);
        online.set(1);
        seconds(5);
        assertEquals(1, only(Interval.MINUTE, Instant.parse("2026-11-27T21:30:00Z")).figures().connects(),
                "the minute under way is written every few seconds");
        seconds(60 * 60); // into 22:30
        node.recorder().present("erin");
        seconds(65);
        Figures day = only(Interval.DAY, Instant.parse("2026-11-27T00:00:00Z")).figures();
        assertEquals(2, docs.points(Interval.HOUR, Instant.parse("2026-11-27T00:00:00Z"), Instant.parse("2026-11-28T00:00:00Z")).size());
        assertEquals(2, day.uniqueUsers(), "dave at 21:30 and erin at 22:30");
        assertEquals(1, day.peakOnline());
    }

    @Test
    void everyDocumentExpiresUnderATtlIndexAndIsPrunedWhereTheStoreHasNone() {
        node.recorder().present("frank");
        online.set(1);
        seconds(65);
        for (String c : List.of(StatsDocuments.NODE_MINUTES, "stats_minutes", "stats_hours", "stats_days")) {
            List<Document> ttl = new ArrayList<>();
            store.db.getCollection(c).listIndexes().forEach(i -> {
                if (i.get("key", Document.class).containsKey("expireAt")) {
                    ttl.add(i);
                }
            });
            assertEquals(1, ttl.size(), c + " has a TTL index");
            assertEquals(0L, ((Number) ttl.getFirst().get("expireAfterSeconds")).longValue(), c + ": " + ttl);
        }
        Instant minute = Instant.parse("2026-11-27T21:30:00Z");
        assertEquals(minute.plus(Duration.ofDays(90)), store.db.getCollection("stats_minutes")
                .find(new Document("_id", java.util.Date.from(minute))).first().getDate("expireAt").toInstant());
        // days later only the nodes' own minutes have gone; past 90 days the cluster's minutes go too
        long nodeMinutes = store.db.getCollection(StatsDocuments.NODE_MINUTES).countDocuments();
        assertEquals(2, nodeMinutes, "21:30 and 21:31 so far");
        clock.advance(Duration.ofDays(3));
        assertEquals(nodeMinutes, docs.pruneExpired(clock.instant()));
        assertEquals(2, docs.points(Interval.MINUTE, minute, minute.plus(Duration.ofDays(1))).size());
        clock.advance(Duration.ofDays(88));
        assertEquals(2, docs.pruneExpired(clock.instant()));
        assertEquals(0, docs.points(Interval.MINUTE, minute, minute.plus(Duration.ofDays(1))).size());
        assertEquals(1, docs.points(Interval.HOUR, minute.minus(Duration.ofHours(1)), minute.plus(Duration.ofDays(1))).size());
        assertEquals(1, docs.points(Interval.DAY, minute.minus(Duration.ofDays(1)), minute.plus(Duration.ofDays(1))).size());
    }

    @Test
    void whileTheDatabaseIsAwayTheNodeKeepsAtMostAnHourOfMinutes() {
        online.set(1);
        seconds(5);
        java.net.InetSocketAddress address = store.server.getLocalAddress();
        store.server.shutdownNow();
        clock.advance(Duration.ofHours(3));
        for (int i = 0; i < 180; i++) {
            clock.advance(Duration.ofMinutes(1));
            node.sample();
        }
        assertThrows(RuntimeException.class, node::write);
        assertEquals(PendingMinutes.CAPACITY, node.pending().size(), "the queue of minutes is bounded");
        assertEquals(180 - PendingMinutes.CAPACITY, node.pending().dropped(), "the oldest were dropped");
        // the database is back (empty): the next pass writes the hour kept, oldest first
        de.bwaldvogel.mongo.MongoServer back = new de.bwaldvogel.mongo.MongoServer(new de.bwaldvogel.mongo.backend.memory.MemoryBackend());
        back.bind(address.getHostString(), address.getPort());
        try {
            dev.presence.testing.Await.until(() -> {
                try {
                    node.write(); // the driver finds the server again within its heartbeat; until then a pass fails
                    return true;
                } catch (RuntimeException stillAway) {
                    return false;
                }
            }, Duration.ofSeconds(30), "a pass that writes once the database is back");
            assertEquals(0, node.pending().size());
            Instant now = clock.instant();
            assertEquals(PendingMinutes.CAPACITY + 1, docs.points(Interval.MINUTE, now.minus(Duration.ofHours(2)), now).size(),
                    "the last hour's minutes and the one under way");
        } finally {
            back.shutdownNow();
        }
    }
}
