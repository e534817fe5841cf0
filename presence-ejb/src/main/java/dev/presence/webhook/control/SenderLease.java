package dev.presence.webhook.control;

/**
 * Which node sends webhooks: one at a time in the whole cluster, so each event is sent once and a user's
 * events leave in order. Taken and renewed by compare-and-set in the database; it lapses when its holder
 * stops renewing it (a crash), and another node takes it. Also where the sender records what operators
 * see in {@code presence webhooks status}.
 */
public interface SenderLease {

    /**
     * Takes the lease, or renews it, until {@code now + leaseMillis}: when it is free, expired, already this
     * node's, or held by an earlier run of this node (same node name). Reports {@code delivered} events
     * acknowledged since the last call.
     *
     * @return whether this node holds it now
     */
    boolean hold(long now, long leaseMillis, long delivered);

    /** Lets the lease go at once (a graceful stop): another node may take it at its next try. */
    void release(long now);

    /** A delivery attempt failed: counts it and keeps the error for operators. */
    void failed(long now, String error);

    /** A delivery succeeded after failures: the count of consecutive failures starts again. */
    void recovered(long now);
}
