package dev.presence.status.control;

import dev.presence.status.entity.StatusView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One user as this node knows them: the user's live sessions here, and the newest {@link UserState} the
 * directory gave this node. Every transition happens under this object's monitor, so the events of one
 * user leave in the order their changes happened, while different users never wait for each other.
 */
public final class UserPresence {

    private final String userId;
    private final List<ClientSession> sessions = new ArrayList<>(2);
    private UserState state;
    /** The latest activity of the user's sessions on this node; the directory hears of it at intervals. */
    private volatile long lastActivity = -1;
    /** When the offline grace of the last session ended here runs out; -1 while none is running. */
    private long graceEndsAt = -1;
    private long lastSeenWrittenAt;

    UserPresence(UserState state) {
        this.userId = state.userId();
        this.state = state;
    }

    public String userId() {
        return userId;
    }

    /** Read under the user's monitor by the registry; audiences may read it while collecting. */
    public synchronized List<ClientSession> sessions() {
        return List.copyOf(sessions);
    }

    synchronized StatusView view() {
        StatusView v = state.view();
        long seen = Math.max(state.lastSeen(), lastActivity);
        return seen == state.lastSeen() || !v.isOnline() ? v
                : new StatusView(userId, true, v.chosen(), v.statusText(), Instant.ofEpochMilli(seen));
    }

    synchronized int connections() {
        return sessions.size();
    }

    // --- state, accessed under the monitor by PresenceRegistry

    List<ClientSession> liveSessions() {
        return sessions;
    }

    UserState state() {
        return state;
    }

    /** Takes {@code newer} unless an even newer state arrived first; returns the state replaced, or null. */
    UserState advance(UserState newer) {
        if (newer.version() <= state.version()) {
            return null;
        }
        UserState before = state;
        state = newer;
        return before;
    }

    void active(long atMillis) {
        lastActivity = atMillis;
    }

    long lastActivity() {
        return lastActivity;
    }

    long graceEndsAt() {
        return graceEndsAt;
    }

    void graceEndsAt(long millis) {
        this.graceEndsAt = millis;
    }

    long lastSeenWrittenAt() {
        return lastSeenWrittenAt;
    }

    /**
     * The database write for this change. Where the directory persists states itself, only the socketIds
     * are this node's to write.
     */
    UserWrite write(long nowMillis, String addSocket, String removeSocket, boolean socketsOnly) {
        lastSeenWrittenAt = nowMillis;
        if (socketsOnly) {
            return UserWrite.sockets(userId, Instant.ofEpochMilli(nowMillis), addSocket, removeSocket);
        }
        StatusView v = view();
        return new UserWrite(userId, v.isOnline(), v.chosen(), v.statusText(), v.lastSeen(),
                Instant.ofEpochMilli(nowMillis), addSocket, removeSocket);
    }
}
