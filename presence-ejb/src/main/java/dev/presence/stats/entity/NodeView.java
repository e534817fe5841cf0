package dev.presence.stats.entity;

import java.time.Instant;

/**
 * A node with a live lease, as operators see it (PROTOCOL.md §5, {@code GET /api/admin/nodes}).
 *
 * @param sessions       open sessions on the node
 * @param usersOnline    users with a session on the node (a user on two nodes counts on both)
 * @param dbQueueDepth   users with writes the node has not written to the database yet
 * @param figuresAt      when the node reported these figures; null if it has not yet
 */
public record NodeView(String nodeId, String name, long sessions, long usersOnline, long dbQueueDepth,
                       Instant startedAt, Instant leaseRenewedAt, Instant figuresAt) {

    /** The same node with figures measured here and now. */
    public NodeView withFigures(long sessions, long usersOnline, long dbQueueDepth, Instant at) {
        return new NodeView(nodeId, name, sessions, usersOnline, dbQueueDepth, startedAt, leaseRenewedAt, at);
    }
}
