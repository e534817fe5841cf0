package dev.presence.status.control;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Work due at a point in time (offline graces, authentication timeouts, typing expiry), run by the
 * housekeeping timer. Tasks are never cancelled: each checks on running whether it still applies, which
 * keeps scheduling a single O(log n) insert on the hot path.
 */
public final class Deadlines {

    private static final Logger LOG = Logger.getLogger(Deadlines.class.getName());

    private record Due(long atMillis, long seq, Runnable task) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            int c = Long.compare(atMillis, o.atMillis);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Due> queue = new PriorityQueue<>();

    /** Tasks waiting for their time. */
    public synchronized int size() {
        return queue.size();
    }
    private long seq;

    public synchronized void schedule(long atMillis, Runnable task) {
        queue.add(new Due(atMillis, seq++, task));
    }

    /**
     * Runs every task due at or before {@code nowMillis}, outside the queue's lock. A task that throws is
     * logged and the others still run: one failure must not leave, say, an expired grace unprocessed.
     */
    public void runDue(long nowMillis) {
        List<Runnable> due = new ArrayList<>();
        synchronized (this) {
            while (!queue.isEmpty() && queue.peek().atMillis() <= nowMillis) {
                due.add(queue.poll().task());
            }
        }
        for (Runnable task : due) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a presence deadline failed; the others still run", e);
            }
        }
    }
}
