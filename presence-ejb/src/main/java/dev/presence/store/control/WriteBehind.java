package dev.presence.store.control;

import dev.presence.status.control.UserWrite;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Queues user writes and applies them in bulk: at most one database write per user per flush, whatever
 * number of changes the user made since the last one. Reads never come here; they are served from memory.
 * A failed flush puts its writes back under anything newer, so nothing is lost while the database is away.
 */
public final class WriteBehind {

    /** Applies one batch of coalesced users; throws when the database did not take it. */
    @FunctionalInterface
    public interface BulkWriter {
        void write(List<PendingUser> batch);
    }

    private final ConcurrentHashMap<String, PendingUser> pending = new ConcurrentHashMap<>();
    private final Object flushing = new Object();
    /** Users taken out of the queue by a flush that has not finished yet: still not in the database. */
    private volatile Set<String> inFlight = Set.of();

    public void write(UserWrite w) {
        if (w.carriesNothing()) {
            return;
        }
        pending.compute(w.userId(), (id, p) -> p == null ? PendingUser.of(w) : p.with(w));
    }

    /** Users with writes not yet in the database, counting those of a flush under way. */
    public int depth() {
        return pending.size() + inFlight.size();
    }

    /** Whether the user has a write not yet in the database. */
    public boolean pending(String userId) {
        return pending.containsKey(userId) || inFlight.contains(userId);
    }

    /**
     * Writes everything pending in one bulk write. Returns the number of users written. A user with both a
     * started and an ended socket in the window gets the ended ones now and the started ones next flush:
     * MongoDB cannot {@code $pull} and {@code $addToSet} one field in one update.
     */
    public int flush(BulkWriter writer) {
        synchronized (flushing) {
            List<PendingUser> batch = new ArrayList<>(pending.size());
            for (String id : List.copyOf(pending.keySet())) {
                PendingUser p = pending.remove(id);
                if (p == null) {
                    continue;
                }
                if (!p.added().isEmpty() && !p.removed().isEmpty()) {
                    PendingUser later = new PendingUser(p.latest(), p.added(), new LinkedHashSet<>());
                    pending.merge(id, later, (newer, older) -> older.then(newer));
                    p = new PendingUser(p.latest(), new LinkedHashSet<>(), p.removed());
                }
                batch.add(p);
            }
            if (batch.isEmpty()) {
                return 0;
            }
            Set<String> ids = new HashSet<>(batch.size() * 2);
            batch.forEach(p -> ids.add(p.latest().userId()));
            inFlight = ids;
            try {
                writer.write(batch);
            } catch (RuntimeException e) {
                for (PendingUser failed : batch) {
                    pending.merge(failed.latest().userId(), failed, (newer, older) -> older.then(newer));
                }
                throw e;
            } finally {
                inFlight = Set.of();
            }
            return batch.size();
        }
    }
}
