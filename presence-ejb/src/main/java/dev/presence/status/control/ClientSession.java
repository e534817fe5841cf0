package dev.presence.status.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One WebSocket session as the registry knows it. Kept small: tens of thousands live on one node, and most
 * never subscribe to anything, so the subscription set is created on first use.
 */
public final class ClientSession {

    private final String id;
    private final Connection connection;
    private final long openedAt;
    private final RateBucket bucket;
    private final ReplyBudget replies;
    private final AtomicBoolean ended = new AtomicBoolean();
    /** True until the session authenticates or ends, whichever comes first. */
    private final AtomicBoolean unauthenticated = new AtomicBoolean(true);
    /** PROTOCOL.md §5 {@code set-idle}: the client says nobody is using it. A new session starts active. */
    private volatile boolean idle;
    /** Set when the node lost its lease: the session ends without touching the directory. */
    private volatile boolean detached;
    /** The {@code exp} of the token the session holds (epoch millis). */
    private volatile long tokenExpiresAt = Long.MAX_VALUE;
    /** The {@code exp} whose {@code token-expiring} went out. Guarded by this. */
    private long noticeSentFor = -1;
    private volatile long lastActivity;
    private volatile UserPresence user;
    private volatile Set<String> watching;
    /**
     * Fan-out frames pushed while a presence snapshot is being built, pushed right after it; null when no
     * snapshot is being built. A change queued before the snapshot could otherwise reach the client ahead of
     * a snapshot read before that change, and the client would keep the older state. Guarded by this.
     */
    private volatile List<String> heldForSnapshot;

    ClientSession(String id, Connection connection, long nowMillis, RateBucket bucket, ReplyBudget replies) {
        this.id = id;
        this.connection = connection;
        this.openedAt = nowMillis;
        this.lastActivity = nowMillis;
        this.bucket = bucket;
        this.replies = replies;
    }

    /** Node-qualified, unique across the cluster: {@code nodeId:sequence}. */
    public String id() {
        return id;
    }

    public Connection connection() {
        return connection;
    }

    public boolean isAuthenticated() {
        return user != null;
    }

    /** The userId once authenticated, else null. */
    public String userId() {
        UserPresence u = user;
        return u == null ? null : u.userId();
    }

    public boolean hasEnded() {
        return ended.get();
    }

    /** A reply to this session: it counts against the session's {@link ReplyBudget}. */
    public void send(String frame) {
        if (!ended.get()) {
            replies.spend(frame.length());
            connection.send(frame);
        }
    }

    /** One frame of a fan-out: see {@link Connection#push}. */
    public void push(String frame) {
        if (!ended.get() && (heldForSnapshot == null || !holdForSnapshot(frame))) {
            connection.push(frame);
        }
    }

    private synchronized boolean holdForSnapshot(String frame) {
        List<String> held = heldForSnapshot;
        if (held == null) {
            return false;
        }
        held.add(frame);
        return true;
    }

    /**
     * Sends the frame {@code snapshot} builds, and every frame pushed while it was built after it, in order.
     * No lock is held while frames are sent: a send can end the session, which takes the user's lock, and a
     * fan-out holding that lock may be pushing to this session.
     */
    void sendSnapshot(Supplier<String> snapshot) {
        synchronized (this) {
            heldForSnapshot = new ArrayList<>();
        }
        try {
            send(snapshot.get());
        } finally {
            releaseHeld();
        }
    }

    /** Pushes the held frames, and those held meanwhile, until none is left; then pushes go straight out. */
    private void releaseHeld() {
        while (true) {
            List<String> held;
            synchronized (this) {
                held = heldForSnapshot;
                if (held.isEmpty()) {
                    heldForSnapshot = null;
                    return;
                }
                heldForSnapshot = new ArrayList<>();
            }
            for (String frame : held) {
                if (!ended.get()) {
                    connection.push(frame);
                }
            }
        }
    }

    UserPresence user() {
        return user;
    }

    void bind(UserPresence user) {
        this.user = user;
    }

    long openedAt() {
        return openedAt;
    }

    long lastActivity() {
        return lastActivity;
    }

    void touch(long nowMillis) {
        lastActivity = nowMillis;
    }

    RateBucket bucket() {
        return bucket;
    }

    ReplyBudget replies() {
        return replies;
    }

    /** True for the one caller that takes the session out of the unauthenticated count. */
    boolean leaveUnauthenticated() {
        return unauthenticated.compareAndSet(true, false);
    }

    boolean idle() {
        return idle;
    }

    void idle(boolean idle) {
        this.idle = idle;
    }

    long tokenExpiresAt() {
        return tokenExpiresAt;
    }

    void tokenExpiresAt(long millis) {
        tokenExpiresAt = millis;
    }

    /** True once per {@code exp}: the caller sends its notice. */
    synchronized boolean noticeSentFor(long exp) {
        if (noticeSentFor == exp) {
            return false;
        }
        noticeSentFor = exp;
        return true;
    }

    boolean detached() {
        return detached;
    }

    void detach() {
        detached = true;
    }

    /** True for the one caller that ends this session. */
    boolean markEnded() {
        return ended.compareAndSet(false, true);
    }

    Set<String> watching() {
        Set<String> w = watching;
        if (w == null) {
            synchronized (this) {
                if (watching == null) {
                    watching = ConcurrentHashMap.newKeySet();
                }
                w = watching;
            }
        }
        return w;
    }

    Set<String> watchingIfAny() {
        Set<String> w = watching;
        return w == null ? Set.of() : w;
    }

    @Override
    public String toString() {
        return "session " + id;
    }
}
