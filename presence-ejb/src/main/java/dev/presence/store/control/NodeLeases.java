package dev.presence.store.control;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;

/**
 * Lease bookkeeping the CLI and startup need outside CDI: a restarted node expires the leases of its own
 * earlier incarnations (same node name), whose sessions cannot have survived the restart.
 */
public final class NodeLeases {

    public static final String COLLECTION = "nodes";

    private final MongoCollection<Document> nodes;

    public NodeLeases(MongoDatabase database) {
        this.nodes = database.getCollection(COLLECTION);
    }

    /** Marks every other lease of {@code nodeName} expired now; returns how many. */
    public long expireEarlierIncarnations(String nodeName, String currentNodeId, Instant now) {
        return nodes.updateMany(
                Filters.and(Filters.eq("nodeName", nodeName), Filters.ne("_id", currentNodeId),
                        Filters.gt("expiresAt", Date.from(now))),
                Updates.set("expiresAt", Date.from(now))).getModifiedCount();
    }
}
