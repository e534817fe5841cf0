package dev.presence.status.control;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WebSocket session as the registry knows it. Kept small: tens of thousands live on one node, and most
 * never subscribe to anything, so the subscription set is created on first use.
 */
public final class ClientSession {

    private final String id;
    private final Connection connection;
    private final long openedAt;
    private final RateBucket bucket;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile long lastActivity;
    private volatile UserPresence user;
    private volatile Set<String> watching;

    ClientSession(String id, Connection connection, long nowMillis, RateBucket bucket) {
        this.id = id;
        this.connection = connection;
        this.openedAt = nowMillis;
        this.lastActivity = nowMillis;
        this.bucket = bucket;
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

    public void send(String frame) {
        if (!ended.get()) {
            connection.send(frame);
        }
    }

    /** One frame of a fan-out: see {@link Connection#push}. */
    public void push(String frame) {
        if (!ended.get()) {
            connection.push(frame);
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
