package dev.presence.store.control;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;

/**
 * The one implementation of the lease rule (PROTOCOL.md §2): socketIds of nodes whose lease has expired
 * are dead; a user left with no live socketId goes offline with a lastSeen no earlier than the dead node's
 * last renewal. Run by every node at start and on its timer, and by {@code presence db cleanup}.
 *
 * <p>Each user is updated only if its socketIds are still what was read, so a node that adds a live
 * session meanwhile is never overwritten; the next round picks the user up again.
 */
public final class Reconciler {

    /** What a round found (and, unless a dry run, changed). */
    public record Result(List<String> usersSetOffline, int socketIdsRemoved, List<String> deadNodes,
                         List<WentOffline> wentOffline) {

        public Result(List<String> usersSetOffline, int socketIdsRemoved, List<String> deadNodes) {
            this(usersSetOffline, socketIdsRemoved, deadNodes, List.of());
        }
    }

    /**
     * A user this round set offline, with the lastSeen written, and whether others saw them online: an
     * invisible user already appeared offline (PROTOCOL.md §5).
     */
    public record WentOffline(String userId, Instant lastSeen, boolean wasVisible) {
    }

    private final MongoCollection<Document> users;
    private final MongoCollection<Document> nodes;

    public Reconciler(MongoDatabase database) {
        this.users = database.getCollection(UserDocuments.COLLECTION);
        this.nodes = database.getCollection(NodeLeases.COLLECTION);
    }

    /**
     * @param onlineWithoutSocketsAfter a user marked online with no socketIds at all counts as orphaned only
     *                                  when its document is older than this (a live node may be in its
     *                                  offline grace)
     */
    public Result reconcile(Instant now, Instant onlineWithoutSocketsAfter, boolean dryRun) {
        return reconcile(now, onlineWithoutSocketsAfter, dryRun, Set.of());
    }

    /**
     * @param alsoLive nodes known to be alive whatever their lease says (in a cluster: the data grid's
     *                 members, whose lease may merely be late while the database is slow)
     */
    public Result reconcile(Instant now, Instant onlineWithoutSocketsAfter, boolean dryRun, Set<String> alsoLive) {
        Map<String, Instant> dead = new HashMap<>();
        Set<String> live = new HashSet<>(alsoLive);
        for (Document lease : nodes.find()) {
            Date expires = lease.getDate("expiresAt");
            Date renewed = lease.getDate("renewedAt");
            if ((expires == null || !expires.toInstant().isAfter(now)) && !alsoLive.contains(lease.getString("_id"))) {
                dead.put(lease.getString("_id"), renewed == null ? null : renewed.toInstant());
            } else {
                live.add(lease.getString("_id"));
            }
        }
        List<String> offline = new ArrayList<>();
        List<WentOffline> wentOffline = new ArrayList<>();
        int removed = 0;
        Document suspects = new Document("$or", List.of(
                new Document("isOnline", true),
                new Document("socketIds.0", new Document("$exists", true))));
        for (Document user : users.find(suspects)) {
            List<String> sockets = user.getList("socketIds", String.class, List.of());
            List<String> remaining = new ArrayList<>();
            Instant lastRenewal = null;
            for (String socket : sockets) {
                String node = nodeOf(socket);
                if (live.contains(node)) {
                    remaining.add(socket);
                } else {
                    Instant r = dead.get(node);
                    if (r != null && (lastRenewal == null || r.isAfter(lastRenewal))) {
                        lastRenewal = r;
                    }
                }
            }
            boolean online = Boolean.TRUE.equals(user.getBoolean("isOnline"));
            Date updatedAt = user.getDate("updatedAt");
            boolean staleOnline = online && remaining.isEmpty() && sockets.isEmpty()
                    && (updatedAt == null || updatedAt.toInstant().isBefore(onlineWithoutSocketsAfter));
            if (remaining.size() == sockets.size() && !staleOnline) {
                continue;
            }
            removed += sockets.size() - remaining.size();
            boolean goesOffline = online && remaining.isEmpty();
            Instant seen = null;
            if (goesOffline) {
                offline.add(user.getString("_id"));
                Date lastSeen = user.getDate("lastSeen");
                seen = lastSeen == null ? null : lastSeen.toInstant();
                if (lastRenewal != null && (seen == null || lastRenewal.isAfter(seen))) {
                    seen = lastRenewal;
                }
            }
            if (dryRun) {
                continue;
            }
            Document set = new Document("socketIds", remaining).append("isOnline", !remaining.isEmpty() && online);
            if (goesOffline) {
                if (seen != null) {
                    set.append("lastSeen", Date.from(seen));
                }
                set.append("updatedAt", Date.from(now));
            }
            Document unchanged = new Document("_id", user.get("_id"));
            unchanged.append("socketIds", user.containsKey("socketIds") ? sockets : null);
            boolean updated = users.updateOne(unchanged, new Document("$set", set)).getMatchedCount() > 0;
            if (goesOffline && updated) {
                // an invisible user's stored lastSeen is the public one, and others already saw them offline
                wentOffline.add(new WentOffline(user.getString("_id"), seen, !"invisible".equals(user.getString("status"))));
            }
        }
        if (!dryRun && !dead.isEmpty()) {
            nodes.deleteMany(new Document("_id", new Document("$in", List.copyOf(dead.keySet()))));
        }
        return new Result(offline, removed, List.copyOf(dead.keySet()), List.copyOf(wentOffline));
    }

    /** A socketId is {@code nodeId:sequence}; node ids never contain a colon. */
    public static String nodeOf(String socketId) {
        int colon = socketId.lastIndexOf(':');
        return colon < 0 ? "" : socketId.substring(0, colon);
    }
}
