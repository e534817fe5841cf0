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

    /**
     * Renews this node's lease unless the cluster has declared the node dead, which deletes the lease: a
     * node that was cut off past its lease must not come back as if nothing happened.
     *
     * @return false when the lease was gone
     */
    public boolean renewIfHeld(String nodeId, Instant now, Instant expiresAt) {
        return nodes.updateOne(Filters.eq("_id", nodeId),
                Updates.combine(Updates.set("renewedAt", Date.from(now)), Updates.set("expiresAt", Date.from(expiresAt))))
                .getMatchedCount() > 0;
    }

    /** Declares a node dead: its lease goes, so the node learns it at its next renewal. */
    public void forget(String nodeId) {
        nodes.deleteOne(Filters.eq("_id", nodeId));
    }

    /** The last renewal of every node whose lease has not expired at {@code now}. */
    public java.util.Map<String, Instant> live(Instant now) {
        java.util.Map<String, Instant> live = new java.util.HashMap<>();
        for (Document lease : nodes.find(Filters.gt("expiresAt", Date.from(now)))) {
            Date renewed = lease.getDate("renewedAt");
            live.put(lease.getString("_id"), renewed == null ? now : renewed.toInstant());
        }
        return live;
    }

    /** Marks every other lease of {@code nodeName} expired now; returns how many. */
    public long expireEarlierIncarnations(String nodeName, String currentNodeId, Instant now) {
        return nodes.updateMany(
                Filters.and(Filters.eq("nodeName", nodeName), Filters.ne("_id", currentNodeId),
                        Filters.gt("expiresAt", Date.from(now))),
                Updates.set("expiresAt", Date.from(now))).getModifiedCount();
    }
}
