package dev.presence.status.entity;

import java.time.Instant;

/**
 * The status object of PROTOCOL.md §2: what every reader and every {@code user-status-change} sees.
 *
 * @param lastSeen null for a user never seen
 */
public record StatusView(String userId, boolean isOnline, Status chosen, String statusText, Instant lastSeen) {

    public static StatusView neverSeen(String userId) {
        return new StatusView(userId, false, Status.AVAILABLE, null, null);
    }

    /** The wire value of {@code status}: the chosen status while online, {@code offline} otherwise. */
    public String status() {
        return isOnline ? chosen.wire() : Status.OFFLINE;
    }
}
