package dev.presence.stats.control;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.presence.stats.entity.NodeView;
import dev.presence.store.control.NodeLeases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * Each node's own figures (sessions, users with a session there, database queue) kept in its lease
 * document, so any node can answer for all of them: the lease is already the list of live nodes, every
 * node reads it, and it exists on a single node as in a cluster, with or without the data grid. A node
 * writes its figures every few seconds, beside its lease renewal; they are as old as {@code figuresAt}.
 * The update never creates a lease: a node declared dead (its lease deleted) does not come back this way.
 */
public final class NodeFigures {

    private final MongoCollection<Document> nodes;

    public NodeFigures(MongoDatabase database) {
        this.nodes = database.getCollection(NodeLeases.COLLECTION);
    }

    public void report(String nodeId, long sessions, long usersOnline, long dbQueueDepth, Instant now) {
        nodes.updateOne(Filters.eq("_id", nodeId), Updates.combine(
                Updates.set("figures.sessions", sessions), Updates.set("figures.usersOnline", usersOnline),
                Updates.set("figures.dbQueueDepth", dbQueueDepth), Updates.set("figures.at", Date.from(now))));
    }

    /** Every node whose lease has not expired at {@code now}, oldest first. */
    public List<NodeView> live(Instant now) {
        List<NodeView> out = new ArrayList<>();
        for (Document lease : nodes.find(Filters.gt("expiresAt", Date.from(now))).sort(Sorts.ascending("startedAt"))) {
            Document f = lease.get("figures", Document.class);
            out.add(new NodeView(lease.getString("_id"), lease.getString("nodeName"), number(f, "sessions"),
                    number(f, "usersOnline"), number(f, "dbQueueDepth"), instant(lease, "startedAt"),
                    instant(lease, "renewedAt"), f == null ? null : instant(f, "at")));
        }
        return out;
    }

    private static long number(Document d, String name) {
        return d != null && d.get(name) instanceof Number n ? n.longValue() : 0;
    }

    private static Instant instant(Document d, String name) {
        Date date = d.getDate(name);
        return date == null ? null : date.toInstant();
    }
}
