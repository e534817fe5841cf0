package dev.presence.status.control;

import dev.presence.status.entity.Status;
import java.time.Instant;

/**
 * One change of a user's persisted document: the user's fields as they now are, and at most one socketId
 * that started ({@code addSocket}) or ended ({@code removeSocket}) on this node. A write with a null
 * status carries socketIds only: in a cluster the user's fields are written by the node that owns them.
 */
public record UserWrite(String userId, boolean isOnline, Status status, String statusText, Instant lastSeen,
                        Instant at, String addSocket, String removeSocket) {

    public static UserWrite sockets(String userId, Instant at, String addSocket, String removeSocket) {
        return new UserWrite(userId, false, null, null, null, at, addSocket, removeSocket);
    }

    /** The user's fields as the state has them; an invisible user's lastSeen as others see it. */
    public static UserWrite state(UserState s, Instant at) {
        return new UserWrite(s.userId(), s.isOnline(), s.status(), s.statusText(), s.publicView().lastSeen() != null
                && s.status() == dev.presence.status.entity.Status.INVISIBLE ? s.publicView().lastSeen()
                : s.lastSeen() >= 0 ? Instant.ofEpochMilli(s.lastSeen()) : null, at, null, null);
    }

    public boolean hasFields() {
        return status != null;
    }

    /** Neither the user's fields nor a socketId: written, it would only set {@code updatedAt}. */
    public boolean carriesNothing() {
        return !hasFields() && addSocket == null && removeSocket == null;
    }
}
