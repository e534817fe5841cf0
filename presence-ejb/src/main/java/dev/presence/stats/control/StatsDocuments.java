package dev.presence.stats.control;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import dev.presence.stats.entity.Figures;
import dev.presence.stats.entity.HyperLogLog;
import dev.presence.stats.entity.Interval;
import dev.presence.stats.entity.StatsPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * The stats in MongoDB, through the driver:
 * <ul>
 * <li>{@code stats_node_minutes}: each node's own minutes, with their users' sketch, written by that node
 * only ({@code _id} = nodeId|minute), kept {@link #NODE_MINUTE_RETENTION}: long enough to merge them;</li>
 * <li>{@code stats_minutes}, {@code stats_hours}, {@code stats_days}: the cluster's figures, one document per
 * interval ({@code _id} = its start), which {@code GET /api/admin/stats} reads as they are. Hours keep their
 * sketch, from which days are merged.</li>
 * </ul>
 * Every document carries {@code expireAt} under a TTL index. mongo-java-server (the embedded store) accepts
 * TTL indexes but never expires anything, so {@link #pruneExpired} deletes the same documents by hand; on a
 * real MongoDB it finds nothing left to do.
 */
public final class StatsDocuments {

    public static final String NODE_MINUTES = "stats_node_minutes";
    static final Duration NODE_MINUTE_RETENTION = Duration.ofDays(2);
    private static final Map<Interval, String> CLUSTER = new EnumMap<>(Map.of(
            Interval.MINUTE, "stats_minutes", Interval.HOUR, "stats_hours", Interval.DAY, "stats_days"));

    private final MongoCollection<Document> nodeMinutes;
    private final Map<Interval, MongoCollection<Document>> cluster = new EnumMap<>(Interval.class);

    public StatsDocuments(MongoDatabase database) {
        this.nodeMinutes = database.getCollection(NODE_MINUTES);
        CLUSTER.forEach((interval, name) -> cluster.put(interval, database.getCollection(name)));
    }

    public static String collection(Interval interval) {
        return CLUSTER.get(interval);
    }

    public void ensureIndexes() {
        IndexOptions ttl = new IndexOptions().name("expireAt_ttl").expireAfter(0L, TimeUnit.SECONDS);
        nodeMinutes.createIndex(Indexes.ascending("expireAt"), ttl);
        nodeMinutes.createIndex(Indexes.ascending("t"), new IndexOptions().name("t"));
        cluster.values().forEach(c -> c.createIndex(Indexes.ascending("expireAt"), ttl));
    }

    /** This node's figures of one minute (the minute so far, or the whole of it); replaces what it wrote before. */
    public void saveNodeMinute(String nodeId, StatsPoint minute) {
        Document d = encode(minute.figures(), true)
                .append("node", nodeId)
                .append("t", Date.from(minute.time()))
                .append("expireAt", Date.from(minute.time().plus(NODE_MINUTE_RETENTION)));
        nodeMinutes.replaceOne(Filters.eq("_id", nodeId + "|" + minute.time().toEpochMilli()),
                d.append("_id", nodeId + "|" + minute.time().toEpochMilli()), new ReplaceOptions().upsert(true));
    }

    /** Every node's minutes starting in [from, to). */
    public List<StatsPoint> nodeMinutes(Instant from, Instant to) {
        List<StatsPoint> out = new ArrayList<>();
        for (Document d : nodeMinutes.find(Filters.and(Filters.gte("t", Date.from(from)), Filters.lt("t", Date.from(to))))) {
            out.add(new StatsPoint(d.getDate("t").toInstant(), decode(d)));
        }
        return out;
    }

    /** The cluster's figures of one interval; the sketch is kept only if {@code keepSketch}. */
    public void save(Interval interval, StatsPoint point, boolean keepSketch) {
        Document d = encode(point.figures(), keepSketch)
                .append("_id", Date.from(point.time()))
                .append("expireAt", Date.from(point.time().plus(interval.retention())));
        cluster.get(interval).replaceOne(Filters.eq("_id", Date.from(point.time())), d, new ReplaceOptions().upsert(true));
    }

    /** The cluster's intervals starting in [from, to), oldest first. */
    public List<StatsPoint> points(Interval interval, Instant from, Instant to) {
        List<StatsPoint> out = new ArrayList<>();
        for (Document d : cluster.get(interval).find(Filters.and(Filters.gte("_id", Date.from(from)),
                Filters.lt("_id", Date.from(to)))).sort(Sorts.ascending("_id"))) {
            out.add(new StatsPoint(d.getDate("_id").toInstant(), decode(d)));
        }
        return out;
    }

    /** The latest cluster interval starting before {@code before}, if any. */
    public StatsPoint latest(Interval interval, Instant before) {
        Document d = cluster.get(interval).find(Filters.lt("_id", Date.from(before))).sort(Sorts.descending("_id")).first();
        return d == null ? null : new StatsPoint(d.getDate("_id").toInstant(), decode(d));
    }

    /** Deletes every document whose {@code expireAt} has passed (what a TTL index does); returns how many. */
    public long pruneExpired(Instant now) {
        long n = nodeMinutes.deleteMany(Filters.lt("expireAt", Date.from(now))).getDeletedCount();
        for (MongoCollection<Document> c : cluster.values()) {
            n += c.deleteMany(Filters.lt("expireAt", Date.from(now))).getDeletedCount();
        }
        return n;
    }

    private static Document encode(Figures f, boolean keepSketch) {
        Document d = new Document("peakOnline", f.peakOnline()).append("onlineSum", f.onlineSum())
                .append("onlineSamples", f.onlineSamples()).append("connects", f.connects())
                .append("authFailures", f.authFailures()).append("sessionsEnded", f.sessionsEnded())
                .append("sessionMillis", f.sessionMillis()).append("messages", f.messages())
                .append("uniqueUsers", f.uniqueUsers());
        if (keepSketch && f.users() != null) {
            d.append("users", new Binary(f.users().toBytes()));
        }
        return d;
    }

    private static Figures decode(Document d) {
        Binary users = d.get("users", Binary.class);
        return new Figures(number(d, "peakOnline"), number(d, "onlineSum"), number(d, "onlineSamples"),
                number(d, "connects"), number(d, "authFailures"), number(d, "sessionsEnded"),
                number(d, "sessionMillis"), number(d, "messages"), number(d, "uniqueUsers"),
                users == null ? null : HyperLogLog.fromBytes(users.getData()));
    }

    private static long number(Document d, String name) {
        Object v = d.get(name);
        return v instanceof Number n ? n.longValue() : 0;
    }
}
