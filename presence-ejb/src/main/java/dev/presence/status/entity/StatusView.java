package dev.presence.status.entity;

import java.time.Instant;

/**
 * The status object of PROTOCOL.md §2 and §5: what every reader and every {@code user-status-change} sees.
 *
 * @param lastSeen null for a user never seen
 * @param auto     away because every session of the user is idle, not by choice
 */
public record StatusView(String userId, boolean isOnline, Status chosen, String statusText, Instant lastSeen,
                         boolean auto) {

    public static StatusView neverSeen(String userId) {
        return new StatusView(userId, false, Status.AVAILABLE, null, null, false);
    }

    /** The wire value of {@code status}: while online the chosen status, or away when automatic; {@code offline} otherwise. */
    public String status() {
        return !isOnline ? Status.OFFLINE : auto ? Status.AWAY.wire() : chosen.wire();
    }

    /** The same object with another lastSeen. */
    public StatusView seenAt(Instant seen) {
        return new StatusView(userId, isOnline, chosen, statusText, seen, auto);
    }
}
