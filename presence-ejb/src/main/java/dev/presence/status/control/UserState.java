package dev.presence.status.control;

import dev.presence.status.entity.Status;
import dev.presence.status.entity.StatusView;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * One user's presence as the whole service knows it: the nodes holding the user and how many live sessions
 * each has there (0 while that node's offline grace runs), the chosen status, and lastSeen. The user is
 * online while any node holds them. Immutable: every change makes a new state with a higher version, so a
 * node that hears of changes out of order keeps the newest.
 *
 * @param lastSeen epoch millis, -1 for a user never seen
 */
public record UserState(String userId, Map<String, Integer> holders, Status status, String statusText,
                        long lastSeen, long version) {

    public UserState {
        holders = Map.copyOf(holders);
    }

    /** The state of a user loaded from the database (or never seen): held by no node, so offline. */
    public static UserState initial(String userId, StoredUser stored) {
        if (stored == null) {
            return new UserState(userId, Map.of(), Status.AVAILABLE, null, -1, 0);
        }
        return new UserState(userId, Map.of(), stored.status(), stored.statusText(),
                stored.lastSeen() == null ? -1 : stored.lastSeen().toEpochMilli(), 0);
    }

    /** What a node knows of a user before it has heard anything: older than every real state. */
    static UserState unknown(String userId) {
        return new UserState(userId, Map.of(), Status.AVAILABLE, null, -1, -1);
    }

    public boolean isOnline() {
        return !holders.isEmpty();
    }

    /** Live sessions on every node. */
    public int sessions() {
        int n = 0;
        for (int c : holders.values()) {
            n += c;
        }
        return n;
    }

    public StatusView view() {
        return new StatusView(userId, isOnline(), status, statusText, lastSeen >= 0 ? Instant.ofEpochMilli(lastSeen) : null);
    }

    /** Whether a watcher would see a difference: presence, status or statusText (lastSeen alone is not an event). */
    public boolean visiblyDiffers(UserState other) {
        return isOnline() != other.isOnline() || status != other.status
                || !java.util.Objects.equals(statusText, other.statusText);
    }

    /** {@code nodeId} now holds {@code sessions} live sessions of the user (0: its grace is running). */
    public UserState heldBy(String nodeId, int sessions, long now) {
        Map<String, Integer> h = new HashMap<>(holders);
        h.put(nodeId, sessions);
        return next(h, status, statusText, Math.max(lastSeen, now));
    }

    /** {@code nodeId} no longer holds the user; lastSeen is at least {@code lastSeenAtLeast}. */
    public UserState releasedBy(String nodeId, long lastSeenAtLeast) {
        if (!holders.containsKey(nodeId)) {
            return this;
        }
        Map<String, Integer> h = new HashMap<>(holders);
        h.remove(nodeId);
        return next(h, status, statusText, Math.max(lastSeen, lastSeenAtLeast));
    }

    /**
     * The nodes in {@code dead} are gone with their sessions. A user left with no holder is offline with a
     * lastSeen no earlier than {@code lastSeenFloor} (the dead node's last renewal).
     */
    public UserState withoutNodes(Collection<String> dead, long lastSeenFloor) {
        Map<String, Integer> h = new HashMap<>(holders);
        if (!h.keySet().removeAll(dead)) {
            return this;
        }
        return next(h, status, statusText, h.isEmpty() ? Math.max(lastSeen, lastSeenFloor) : lastSeen);
    }

    public UserState withStatus(Status newStatus, String newText, long now) {
        return next(holders, newStatus, newText, Math.max(lastSeen, now));
    }

    public UserState seenAt(long now) {
        return now <= lastSeen ? this : next(holders, status, statusText, now);
    }

    /**
     * Versions grow with every change and, being at least the change's wall-clock micros, keep growing even
     * if the state is rebuilt from the database after the data grid lost it.
     */
    private UserState next(Map<String, Integer> h, Status s, String text, long seen) {
        long v = Math.max(version + 1, System.currentTimeMillis() * 1000);
        return new UserState(userId, h, s, text, seen, v);
    }
}
