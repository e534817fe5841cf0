package dev.presence.status.control;

import dev.presence.status.entity.Status;
import dev.presence.status.entity.StatusView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One user's presence on this node. Every transition happens under this object's monitor, so the events
 * of one user leave in the order their changes happened, while different users never wait for each other.
 */
public final class UserPresence {

    private final String userId;
    private final List<ClientSession> sessions = new ArrayList<>(2);
    private Status status;
    private String statusText;
    private volatile long lastSeen;
    private boolean everSeen;
    private boolean online;
    /** When the offline grace of the last ended session runs out; -1 while none is running. */
    private long graceEndsAt = -1;
    private long lastSeenWrittenAt;

    UserPresence(String userId, StoredUser stored) {
        this.userId = userId;
        if (stored == null) {
            this.status = Status.AVAILABLE;
            this.lastSeen = -1;
        } else {
            this.status = stored.status();
            this.statusText = stored.statusText();
            this.lastSeen = stored.lastSeen() == null ? -1 : stored.lastSeen().toEpochMilli();
            this.everSeen = true;
        }
    }

    public String userId() {
        return userId;
    }

    /** Read under the user's monitor by the registry; audiences may read it while collecting. */
    public synchronized List<ClientSession> sessions() {
        return List.copyOf(sessions);
    }

    synchronized StatusView view() {
        return new StatusView(userId, online, status, statusText, everSeen && lastSeen >= 0 ? Instant.ofEpochMilli(lastSeen) : null);
    }

    synchronized int connections() {
        return sessions.size();
    }

    // --- state, accessed under the monitor by PresenceRegistry

    List<ClientSession> liveSessions() {
        return sessions;
    }

    boolean isOnline() {
        return online;
    }

    void online(boolean online) {
        this.online = online;
    }

    boolean everSeen() {
        return everSeen;
    }

    void seen(long atMillis) {
        everSeen = true;
        lastSeen = atMillis;
    }

    long lastSeen() {
        return lastSeen;
    }

    void status(Status status, String statusText) {
        this.status = status;
        this.statusText = statusText;
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

    UserWrite write(long nowMillis, String addSocket, String removeSocket) {
        lastSeenWrittenAt = nowMillis;
        return new UserWrite(userId, online, status, statusText, lastSeen >= 0 ? Instant.ofEpochMilli(lastSeen) : null,
                Instant.ofEpochMilli(nowMillis), addSocket, removeSocket);
    }
}
