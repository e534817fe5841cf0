package dev.presence.status.control;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sessions open on this node and admission: at most {@code presence.max-sessions} in all, of which at
 * most {@code presence.max-unauthenticated} may still be waiting to authenticate. Connections that never
 * authenticate cost a slot for the whole authentication timeout; without their own cap, a flood of them
 * (about 1,800 a second) keeps a node full for everyone.
 */
final class Sessions {

    private final String nodeId;
    private final int maxSessions;
    private final int maxUnauthenticated;
    private final ConcurrentHashMap<String, ClientSession> byId = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger unauthenticated = new AtomicInteger();
    private final AtomicLong seq = new AtomicLong();
    /**
     * Each session's authentication deadline, in the order they were admitted (one timeout for all). It names
     * the session by id, not by reference: a session that ended or authenticated is not kept reachable.
     */
    private final ConcurrentLinkedQueue<PendingAuth> authDeadlines = new ConcurrentLinkedQueue<>();
    private final long authTimeoutMillis;

    private record PendingAuth(String sessionId, long dueAt) {
    }

    Sessions(String nodeId, int maxSessions, int maxUnauthenticated, long authTimeoutMillis) {
        this.nodeId = nodeId;
        this.authTimeoutMillis = authTimeoutMillis;
        this.maxSessions = maxSessions;
        this.maxUnauthenticated = maxUnauthenticated;
    }

    /** A new session, or empty when the node or its unauthenticated share is full. */
    Optional<ClientSession> admit(Connection connection, long nowMillis, RateBucket bucket, ReplyBudget replies) {
        if (unauthenticated.incrementAndGet() > maxUnauthenticated) {
            unauthenticated.decrementAndGet();
            return Optional.empty();
        }
        if (count.incrementAndGet() > maxSessions) {
            count.decrementAndGet();
            unauthenticated.decrementAndGet();
            return Optional.empty();
        }
        ClientSession s = new ClientSession(nodeId + ":" + Long.toString(seq.incrementAndGet(), 36), connection,
                nowMillis, bucket, replies);
        byId.put(s.id(), s);
        authDeadlines.add(new PendingAuth(s.id(), nowMillis + authTimeoutMillis));
        return Optional.of(s);
    }

    /** Hands every session still unauthenticated past its authentication deadline to {@code timedOut}. */
    void authTimeouts(long nowMillis, Consumer<ClientSession> timedOut) {
        for (PendingAuth p; (p = authDeadlines.peek()) != null && p.dueAt() <= nowMillis; ) {
            authDeadlines.poll();
            ClientSession s = byId.get(p.sessionId());
            if (s != null && !s.isAuthenticated()) {
                timedOut.accept(s);
            }
        }
    }

    /** The session authenticated: it no longer counts as unauthenticated. */
    void authenticated(ClientSession s) {
        if (s.leaveUnauthenticated()) {
            unauthenticated.decrementAndGet();
        }
    }

    /** The session ended (called once per session). */
    void remove(ClientSession s) {
        byId.remove(s.id());
        count.decrementAndGet();
        if (s.leaveUnauthenticated()) {
            unauthenticated.decrementAndGet();
        }
    }

    Collection<ClientSession> all() {
        return byId.values();
    }

    int count() {
        return count.get();
    }

    int unauthenticated() {
        return unauthenticated.get();
    }
}
