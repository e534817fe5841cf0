package dev.presence.webhook.control;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The {@link SenderLease} as one document, {@code webhook_sender/sender}, changed only by compare-and-set
 * (an update whose filter says who may take it). It also keeps what operators read: the holder, the
 * failures (in all and in a row), the last error, the last delivery.
 */
public final class SenderDocument implements SenderLease {

    public static final String COLLECTION = "webhook_sender";
    public static final String ID = "sender";

    private final MongoCollection<Document> senders;
    private final String nodeId;
    private final String nodeName;

    public SenderDocument(MongoDatabase database, String nodeId, String nodeName) {
        this.senders = database.getCollection(COLLECTION);
        this.nodeId = nodeId;
        this.nodeName = nodeName;
    }

    @Override
    public boolean hold(long now, long leaseMillis, long delivered) {
        Date expires = new Date(now + leaseMillis);
        Bson mayTake = Filters.or(Filters.eq("node", nodeId), Filters.eq("nodeName", nodeName),
                Filters.lte("expiresAt", new Date(now)));
        List<Bson> set = new ArrayList<>(List.of(Updates.set("node", nodeId), Updates.set("nodeName", nodeName),
                Updates.set("expiresAt", expires)));
        if (delivered > 0) {
            set.add(Updates.inc("delivered", delivered));
            set.add(Updates.set("lastDeliveredAt", new Date(now)));
        }
        if (senders.updateOne(Filters.and(Filters.eq("_id", ID), mayTake), Updates.combine(set)).getMatchedCount() > 0) {
            return true;
        }
        try {
            senders.insertOne(new Document("_id", ID).append("node", nodeId).append("nodeName", nodeName)
                    .append("expiresAt", expires).append("delivered", delivered).append("failures", 0L)
                    .append("consecutiveFailures", 0));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false; // another node holds it
            }
            throw e;
        }
    }

    @Override
    public void release(long now) {
        senders.updateOne(Filters.and(Filters.eq("_id", ID), Filters.eq("node", nodeId)), Updates.set("expiresAt", new Date(now)));
    }

    @Override
    public void failed(long now, String error) {
        senders.updateOne(Filters.eq("_id", ID), Updates.combine(Updates.inc("failures", 1L),
                Updates.inc("consecutiveFailures", 1), Updates.set("lastError", error), Updates.set("lastErrorAt", new Date(now))));
    }

    @Override
    public void recovered(long now) {
        senders.updateOne(Filters.eq("_id", ID), Updates.combine(Updates.set("consecutiveFailures", 0),
                Updates.set("lastDeliveredAt", new Date(now))));
    }

    /** The document as it is, or null before any node has sent. */
    public static Document read(MongoDatabase database) {
        return database.getCollection(COLLECTION).find(Filters.eq("_id", ID)).first();
    }
}
