package dev.presence.status.control;

import dev.presence.status.entity.StatusView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One user as this node knows them: the user's live sessions here, and the newest {@link UserState} the
 * directory gave this node. Every transition runs on the user's {@link Lane}, so the events of one user
 * leave in the order their changes happened, while different users never wait for each other. Readers
 * (status reads, audiences) see immutable snapshots and take no lock.
 */
public final class UserPresence {

    private final String userId;
    private final Lane lane = new Lane();
    private volatile UserState state;
    /** Immutable; replaced on the lane. */
    private volatile List<ClientSession> sessions = List.of();
    /** The latest activity of the user's sessions on this node; the directory hears of it at intervals. */
    private volatile long lastActivity = -1;
    /** When lastSeen was last sent to the directory and the database; read off the lane to skip a task. */
    private volatile long lastSeenWrittenAt;
    /** The last time anything read or changed the user here: an offline user unused for long leaves memory. */
    private volatile long usedAt;
    /** Set on the lane when the user left memory: a task that finds it set goes to the user's new entry. */
    private volatile boolean evicted;
    /** When the offline grace of the last session ended here runs out; -1 while none is running. Lane only. */
    private long graceEndsAt = -1;

    UserPresence(UserState state, long nowMillis) {
        this.userId = state.userId();
        this.state = state;
        this.usedAt = nowMillis;
    }

    public String userId() {
        return userId;
    }

    /** The user's live sessions on this node, as of the last transition. */
    public List<ClientSession> sessions() {
        return sessions;
    }

    Lane lane() {
        return lane;
    }

    /**
     * The user's status object: as their own sessions see it ({@code self}), or as everybody else does. While
     * online, lastSeen follows the latest activity here.
     */
    StatusView view(boolean self) {
        UserState st = state;
        StatusView v = self ? st.selfView() : st.publicView();
        long seen = Math.max(st.lastSeen(), lastActivity);
        return seen == st.lastSeen() || !v.isOnline() ? v : v.seenAt(Instant.ofEpochMilli(seen));
    }

    /** Live sessions here that are not idle. */
    int activeSessions() {
        int n = 0;
        for (ClientSession s : sessions) {
            n += s.idle() ? 0 : 1;
        }
        return n;
    }

    int connections() {
        return sessions.size();
    }

    UserState state() {
        return state;
    }

    /** On the lane: takes {@code newer} unless an even newer state arrived first; returns the state replaced, or null. */
    UserState advance(UserState newer) {
        UserState before = state;
        if (newer.version() <= before.version()) {
            return null;
        }
        state = newer;
        return before;
    }

    /** On the lane. */
    void addSession(ClientSession s) {
        List<ClientSession> more = new ArrayList<>(sessions.size() + 1);
        more.addAll(sessions);
        more.add(s);
        sessions = List.copyOf(more);
    }

    /** On the lane; false when the session was not one of the user's (removing twice is harmless). */
    boolean removeSession(ClientSession s) {
        List<ClientSession> now = sessions;
        if (!now.contains(s)) {
            return false;
        }
        List<ClientSession> fewer = new ArrayList<>(now);
        fewer.remove(s);
        sessions = List.copyOf(fewer);
        return true;
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

    /** Claims the next lastSeen write, so the frames arriving before it runs do not queue more. */
    void lastSeenWrittenAt(long millis) {
        lastSeenWrittenAt = millis;
    }

    void used(long nowMillis) {
        usedAt = nowMillis;
    }

    long usedAt() {
        return usedAt;
    }

    boolean evicted() {
        return evicted;
    }

    void evict() {
        evicted = true;
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
        StatusView v = view(true);
        // an invisible user's stored lastSeen is what others see: a read after a restart must not reveal more
        Instant seen = v.chosen() == dev.presence.status.entity.Status.INVISIBLE ? view(false).lastSeen() : v.lastSeen();
        return new UserWrite(userId, v.isOnline(), v.chosen(), v.statusText(), seen,
                Instant.ofEpochMilli(nowMillis), addSocket, removeSocket);
    }
}
