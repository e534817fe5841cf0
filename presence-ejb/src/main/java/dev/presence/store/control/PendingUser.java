package dev.presence.store.control;

import dev.presence.status.control.UserWrite;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A user's writes since the last flush, coalesced: the newest field values, and the socketIds that started
 * and ended here. A socket that started and ended within one window never reaches the database.
 */
public record PendingUser(UserWrite latest, Set<String> added, Set<String> removed) {

    static PendingUser of(UserWrite w) {
        return new PendingUser(null, new LinkedHashSet<>(), new LinkedHashSet<>()).with(w);
    }

    /** This pending state followed by {@code w}. Mutates the sets: call only inside the queue's compute. */
    PendingUser with(UserWrite w) {
        if (w.addSocket() != null) {
            added.add(w.addSocket());
        }
        if (w.removeSocket() != null && !added.remove(w.removeSocket())) {
            removed.add(w.removeSocket());
        }
        return new PendingUser(newest(latest, w), added, removed);
    }

    /** The newer write, but a socketIds-only write never hides the user's fields written before it. */
    private static UserWrite newest(UserWrite older, UserWrite newer) {
        return newer.hasFields() || older == null || !older.hasFields() ? newer : older;
    }

    /** This (older, failed) pending state followed by {@code newer}, which was queued meanwhile. */
    PendingUser then(PendingUser newer) {
        PendingUser merged = this;
        for (String s : newer.added) {
            merged.added.add(s);
        }
        for (String s : newer.removed) {
            if (!merged.added.remove(s)) {
                merged.removed.add(s);
            }
        }
        return new PendingUser(newest(latest, newer.latest), merged.added, merged.removed);
    }
}
