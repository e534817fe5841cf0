package dev.presence.status.control;

import dev.presence.status.entity.Status;
import java.time.Instant;

/**
 * One change of a user's persisted document: the user's fields as they now are, and at most one socketId
 * that started ({@code addSocket}) or ended ({@code removeSocket}) on this node.
 */
public record UserWrite(String userId, boolean isOnline, Status status, String statusText, Instant lastSeen,
                        Instant at, String addSocket, String removeSocket) {
}
