package dev.presence.status.control;

import dev.presence.status.entity.Status;
import java.time.Instant;

/** What the database remembers of a user across restarts. */
public record StoredUser(Status status, String statusText, Instant lastSeen) {
}
