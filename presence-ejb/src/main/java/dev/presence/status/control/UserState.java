package dev.presence.status.control;

import dev.presence.status.entity.Status;
import dev.presence.status.entity.StatusView;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One user's presence as the whole service knows it: the nodes holding the user with their live and active
 * (not idle) sessions there (0 live while that node's offline grace runs), the chosen status, lastSeen, and
 * since when the user is invisible. The user is online while any node holds them. Immutable: every change
 * makes a new state with a higher version, so a node that hears of changes out of order keeps the newest.
 *
 * <p>Two views of it exist (PROTOCOL.md §5): the user's own sessions see the chosen status, {@code invisible}
 * included; everybody else sees an invisible user offline since the moment they went invisible, and an
 * available user whose every session is idle as {@code away} with {@code auto: true}.
 *
 * @param lastSeen    epoch millis, -1 for a user never seen
 * @param hiddenSince epoch millis the user went invisible (their lastSeen for others), -1 while visible
 */
public record UserState(String userId, Map<String, Hold> holders, Status status, String statusText,
                        long lastSeen, long hiddenSince, long version) {

    /** A node's part of the user: live sessions there, and how many of them are active (not idle). */
    public record Hold(int sessions, int active) {
    }

    public UserState {
        holders = Map.copyOf(holders);
    }

    /** The state of a user loaded from the database (or never seen): held by no node, so offline. */
    public static UserState initial(String userId, StoredUser stored) {
        if (stored == null) {
            return new UserState(userId, Map.of(), Status.AVAILABLE, null, -1, -1, 0);
        }
        long seen = stored.lastSeen() == null ? -1 : stored.lastSeen().toEpochMilli();
        // an invisible user's stored lastSeen is the public one: the moment they went invisible
        return new UserState(userId, Map.of(), stored.status(), stored.statusText(), seen,
                stored.status() == Status.INVISIBLE ? seen : -1, 0);
    }

    /** What a node knows of a user before it has heard anything: older than every real state. */
    static UserState unknown(String userId) {
        return new UserState(userId, Map.of(), Status.AVAILABLE, null, -1, -1, -1);
    }

    public boolean isOnline() {
        return !holders.isEmpty();
    }

    /** Online as others see it: not invisible. */
    public boolean isVisiblyOnline() {
        return isOnline() && status != Status.INVISIBLE;
    }

    /** Live sessions on every node. */
    public int sessions() {
        int n = 0;
        for (Hold h : holders.values()) {
            n += h.sessions();
        }
        return n;
    }

    /** PROTOCOL.md §5: available, with live sessions, every one of them idle. */
    public boolean autoAway() {
        if (status != Status.AVAILABLE) {
            return false;
        }
        int live = 0;
        for (Hold h : holders.values()) {
            if (h.active() > 0) {
                return false;
            }
            live += h.sessions();
        }
        return live > 0;
    }

    /** The status object the user's own sessions see. */
    public StatusView selfView() {
        return new StatusView(userId, isOnline(), status, statusText, lastSeen >= 0 ? Instant.ofEpochMilli(lastSeen) : null,
                isOnline() && autoAway());
    }

    /** The status object everybody else sees. */
    public StatusView publicView() {
        if (status == Status.INVISIBLE) {
            long seen = hiddenSince >= 0 ? hiddenSince : lastSeen;
            return new StatusView(userId, false, status, statusText, seen >= 0 ? Instant.ofEpochMilli(seen) : null, false);
        }
        return selfView();
    }

    /** Whether others would see a difference: presence, status or statusText (lastSeen alone is not an event). */
    public boolean publiclyDiffers(UserState other) {
        return differ(publicView(), other.publicView());
    }

    /** Whether the user's own sessions would see a difference. */
    public boolean selfDiffers(UserState other) {
        return differ(selfView(), other.selfView());
    }

    private static boolean differ(StatusView a, StatusView b) {
        return a.isOnline() != b.isOnline() || !a.status().equals(b.status()) || !Objects.equals(a.statusText(), b.statusText());
    }

    /** {@code nodeId} now holds {@code sessions} live sessions of the user, {@code active} of them not idle. */
    public UserState heldBy(String nodeId, int sessions, int active, long now) {
        Map<String, Hold> h = new HashMap<>(holders);
        h.put(nodeId, new Hold(sessions, active));
        return next(h, status, statusText, Math.max(lastSeen, now), hiddenSince);
    }

    /** {@code nodeId} no longer holds the user; lastSeen is at least {@code lastSeenAtLeast}. */
    public UserState releasedBy(String nodeId, long lastSeenAtLeast) {
        if (!holders.containsKey(nodeId)) {
            return this;
        }
        Map<String, Hold> h = new HashMap<>(holders);
        h.remove(nodeId);
        return next(h, status, statusText, Math.max(lastSeen, lastSeenAtLeast), hiddenSince);
    }

    /**
     * The nodes in {@code dead} are gone with their sessions. A user left with no holder is offline with a
     * lastSeen no earlier than {@code lastSeenFloor} (the dead node's last renewal).
     */
    public UserState withoutNodes(Collection<String> dead, long lastSeenFloor) {
        Map<String, Hold> h = new HashMap<>(holders);
        if (!h.keySet().removeAll(dead)) {
            return this;
        }
        return next(h, status, statusText, h.isEmpty() ? Math.max(lastSeen, lastSeenFloor) : lastSeen, hiddenSince);
    }

    /** A chosen status; going invisible starts the moment others see as the user's last. */
    public UserState withStatus(Status newStatus, String newText, long now) {
        long hidden = newStatus != Status.INVISIBLE ? -1 : status == Status.INVISIBLE && hiddenSince >= 0 ? hiddenSince : now;
        return next(holders, newStatus, newText, Math.max(lastSeen, now), hidden);
    }

    public UserState seenAt(long now) {
        return now <= lastSeen ? this : next(holders, status, statusText, now, hiddenSince);
    }

    /**
     * Versions grow with every change and, being at least the change's wall-clock micros, keep growing even
     * if the state is rebuilt from the database after the data grid lost it.
     */
    private UserState next(Map<String, Hold> h, Status s, String text, long seen, long hidden) {
        long v = Math.max(version + 1, System.currentTimeMillis() * 1000);
        return new UserState(userId, h, s, text, seen, hidden, v);
    }
}
