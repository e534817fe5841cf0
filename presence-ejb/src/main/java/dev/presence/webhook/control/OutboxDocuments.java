package dev.presence.webhook.control;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.WriteModel;
import dev.presence.webhook.entity.WebhookEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The outbox in MongoDB: {@code webhook_outbox} holds the events waiting ({@code _id} = the event id, so
 * writing one twice is harmless; {@code seq}, {@code n}: delivery order, indexed for the head query;
 * {@code time}; {@code event}: the JSON as sent). Delivered and given-up events move to
 * {@code webhook_events} with {@code doneAt}, kept for {@code presence webhooks replay} as long as the
 * retention says (a TTL index, and {@link #prune} for stores without TTL), so the outbox itself stays as
 * small as what is waiting.
 */
public final class OutboxDocuments implements Outbox {

    private static final Logger LOG = Logger.getLogger(OutboxDocuments.class.getName());
    public static final String OUTBOX = "webhook_outbox";
    public static final String EVENTS = "webhook_events";
    private static final int DUPLICATE_KEY = 11000;
    private static final int REPLAY_CHUNK = 1000;

    private final MongoCollection<Document> outbox;
    private final MongoCollection<Document> events;
    private final Duration retention;

    /** @param retention how long events done are kept; zero keeps none */
    public OutboxDocuments(MongoDatabase database, Duration retention) {
        this.outbox = database.getCollection(OUTBOX);
        this.events = database.getCollection(EVENTS);
        this.retention = retention;
    }

    public void ensureIndexes() {
        outbox.createIndex(Indexes.ascending("seq", "n"), new IndexOptions().name("seq_n"));
        events.createIndex(Indexes.ascending("time"), new IndexOptions().name("time"));
        if (!retention.isZero()) {
            IndexOptions ttl = new IndexOptions().name("doneAt_ttl").expireAfter(retention.toSeconds(), TimeUnit.SECONDS);
            try {
                events.createIndex(Indexes.ascending("doneAt"), ttl);
            } catch (MongoCommandException e) {
                // the retention changed since the index was made: MongoDB refuses other options under one name
                LOG.info(() -> "recreating " + EVENTS + ".doneAt_ttl for a retention of " + retention);
                events.dropIndex("doneAt_ttl");
                events.createIndex(Indexes.ascending("doneAt"), ttl);
            }
        }
    }

    @Override
    public void insert(List<WebhookEvent> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Document> docs = new ArrayList<>(batch.size());
        batch.forEach(e -> docs.add(document(e)));
        insertIgnoringRepeats(outbox, docs);
    }

    @Override
    public List<WebhookEvent> head(int limit) {
        List<WebhookEvent> head = new ArrayList<>(limit);
        for (Document d : outbox.find().sort(Sorts.ascending("seq", "n")).limit(limit)) {
            head.add(event(d));
        }
        return head;
    }

    @Override
    public void delivered(List<WebhookEvent> batch, long at) {
        done(batch, at, true);
    }

    @Override
    public void gaveUp(List<WebhookEvent> batch, long at) {
        done(batch, at, false);
    }

    /** Keeps the events for replay (unless the retention is zero), then takes them out of the outbox. */
    private void done(List<WebhookEvent> batch, long at, boolean delivered) {
        if (!retention.isZero()) {
            List<WriteModel<Document>> keep = new ArrayList<>(batch.size());
            ReplaceOptions upsert = new ReplaceOptions().upsert(true);
            for (WebhookEvent e : batch) {
                Document d = document(e).append("doneAt", new Date(at)).append("delivered", delivered);
                keep.add(new ReplaceOneModel<>(Filters.eq("_id", e.id()), d, upsert));
            }
            events.bulkWrite(keep, new BulkWriteOptions().ordered(false));
        }
        List<String> ids = new ArrayList<>(batch.size());
        batch.forEach(e -> ids.add(e.id()));
        outbox.deleteMany(Filters.in("_id", ids));
    }

    @Override
    public long prune(long before) {
        return retention.isZero() ? 0 : events.deleteMany(Filters.lt("doneAt", new Date(before))).getDeletedCount();
    }

    /** Events waiting. */
    public long pending() {
        return outbox.countDocuments();
    }

    /** When the oldest event waiting happened, or null when none waits. */
    public Date oldestPending() {
        Document first = outbox.find().sort(Sorts.ascending("time")).limit(1).first();
        return first == null ? null : first.getDate("time");
    }

    /** Events kept for replay. */
    public long kept() {
        return events.countDocuments();
    }

    /** What a replay of events that happened in [{@code from}, {@code to}) found and did. */
    public record Replay(long found, long queued) {
    }

    /**
     * Puts the kept events that happened in [{@code from}, {@code to}) back into the outbox, with their ids and
     * order: the node sending webhooks sends them again, before anything newer. Events still waiting are left
     * as they are. With {@code dryRun}, only counts.
     */
    public Replay replay(Date from, Date to, boolean dryRun) {
        Bson range = Filters.and(Filters.gte("time", from), Filters.lt("time", to));
        if (dryRun) {
            return new Replay(events.countDocuments(range), 0);
        }
        long found = 0;
        long queued = 0;
        List<Document> chunk = new ArrayList<>(REPLAY_CHUNK);
        for (Document d : events.find(range).sort(Sorts.ascending("seq", "n"))) {
            found++;
            chunk.add(document(event(d)));
            if (chunk.size() == REPLAY_CHUNK) {
                queued += insertIgnoringRepeats(outbox, chunk);
                chunk = new ArrayList<>(REPLAY_CHUNK);
            }
        }
        if (!chunk.isEmpty()) {
            queued += insertIgnoringRepeats(outbox, chunk);
        }
        return new Replay(found, queued);
    }

    /** Inserts; documents whose id is already there are skipped. Returns how many were inserted. */
    private static long insertIgnoringRepeats(MongoCollection<Document> into, List<Document> docs) {
        try {
            into.insertMany(docs, new InsertManyOptions().ordered(false));
            return docs.size();
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError err : e.getWriteErrors()) {
                if (err.getCode() != DUPLICATE_KEY) {
                    throw e;
                }
            }
            return docs.size() - e.getWriteErrors().size();
        }
    }

    private static Document document(WebhookEvent e) {
        return new Document("_id", e.id()).append("seq", e.seq()).append("n", e.n()).append("time", new Date(e.time()))
                .append("event", e.json());
    }

    private static WebhookEvent event(Document d) {
        return new WebhookEvent(d.getString("_id"), d.getLong("seq"), d.getInteger("n", 0), d.getDate("time").getTime(),
                d.getString("event"));
    }
}
