package dev.presence.status.control;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads users that are not in memory, in batches shared by every caller that needs one at the same time:
 * during a connect storm each new connection's user is one id, and a database round trip per id would cost
 * a large share of the connect CPU (docs/PERFORMANCE.md, "What bounds each miss"). Whoever arrives while no
 * batch is loading loads every id waiting by then, outside any lock; the others wait for their ids, and an
 * id already being loaded is not asked for twice. Ids the database does not have are remembered for a
 * while ({@link NeverSeenCache}).
 */
final class UserLoader {

    /** At most this many ids per database query. */
    static final int MAX_BATCH = 1000;

    private final PresenceStore store;
    private final Clock clock;
    private final NeverSeenCache neverSeen;
    /** Ids waiting for the next batch, in arrival order. Guarded by this. */
    private final Set<String> next = new LinkedHashSet<>();
    /** What each id waiting or loading resolved to, once known: empty for an id never seen. Guarded by this. */
    private final Map<String, Slot> slots = new HashMap<>();
    private boolean loading;

    /** One id's load, shared by every caller that asked for it meanwhile. */
    private static final class Slot {
        Optional<StoredUser> result;
        RuntimeException error;
        boolean done;
    }

    UserLoader(PresenceStore store, Clock clock, int neverSeenCapacity, long neverSeenTtlMillis) {
        this.store = store;
        this.clock = clock;
        this.neverSeen = new NeverSeenCache(neverSeenCapacity, neverSeenTtlMillis);
    }

    /** The stored users among {@code userIds}; an id absent from the answer was never seen. */
    Map<String, StoredUser> load(Collection<String> userIds) {
        Map<String, Slot> mine = new HashMap<>();
        synchronized (this) {
            long now = clock.millis();
            for (String id : userIds) {
                if (mine.containsKey(id) || neverSeen.contains(id, now)) {
                    continue;
                }
                Slot slot = slots.get(id);
                if (slot == null) {
                    slots.put(id, slot = new Slot());
                    next.add(id);
                }
                mine.put(id, slot);
            }
        }
        while (!mine.isEmpty()) {
            List<String> batch;
            synchronized (this) {
                if (allDone(mine)) {
                    break;
                }
                if (loading || next.isEmpty()) {
                    waitForBatch();
                    continue;
                }
                loading = true;
                batch = takeBatch();
            }
            loadBatch(batch);
        }
        Map<String, StoredUser> found = new HashMap<>();
        for (Map.Entry<String, Slot> e : mine.entrySet()) {
            if (e.getValue().error != null) {
                throw e.getValue().error;
            }
            e.getValue().result.ifPresent(u -> found.put(e.getKey(), u));
        }
        return found;
    }

    /** The user exists now: a read must no longer take them for never seen. */
    synchronized void created(String userId) {
        neverSeen.remove(userId);
    }

    /** Ids waiting for the next batch. */
    synchronized int waiting() {
        return next.size();
    }

    synchronized int neverSeenSize() {
        return neverSeen.size();
    }

    private void loadBatch(List<String> batch) {
        Map<String, StoredUser> found = Map.of();
        RuntimeException error = new IllegalStateException("loading users failed");
        try {
            found = store.load(batch);
            error = null;
        } catch (RuntimeException e) {
            error = e;
        } finally {
            settle(batch, found, error);
        }
    }

    /** Resolves every id of a batch (all failed when {@code error} is set) and wakes the waiters. */
    private synchronized void settle(List<String> batch, Map<String, StoredUser> found, RuntimeException error) {
        long now = clock.millis();
        for (String id : batch) {
            Slot slot = slots.remove(id);
            slot.done = true;
            if (error != null) {
                slot.error = error;
            } else {
                slot.result = Optional.ofNullable(found.get(id));
                if (slot.result.isEmpty()) {
                    neverSeen.add(id, now);
                }
            }
        }
        loading = false;
        notifyAll();
    }

    /** Called holding this. */
    private List<String> takeBatch() {
        List<String> batch = new ArrayList<>(Math.min(next.size(), MAX_BATCH));
        var it = next.iterator();
        while (it.hasNext() && batch.size() < MAX_BATCH) {
            batch.add(it.next());
            it.remove();
        }
        return batch;
    }

    private static boolean allDone(Map<String, Slot> slots) {
        for (Slot s : slots.values()) {
            if (!s.done) {
                return false;
            }
        }
        return true;
    }

    /** Called holding this: waits for the batch under way to finish. */
    private void waitForBatch() {
        try {
            wait(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading users", e);
        }
    }
}
