package dev.presence.status.control;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Work due at a point in time (offline graces, authentication timeouts, typing expiry), run by the
 * housekeeping timer. Tasks are never cancelled: each checks on running whether it still applies, which
 * keeps scheduling a single O(log n) insert on the hot path.
 */
public final class Deadlines {

    private record Due(long atMillis, long seq, Runnable task) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            int c = Long.compare(atMillis, o.atMillis);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Due> queue = new PriorityQueue<>();
    private long seq;

    public synchronized void schedule(long atMillis, Runnable task) {
        queue.add(new Due(atMillis, seq++, task));
    }

    /** Runs every task due at or before {@code nowMillis}, outside the queue's lock. */
    public void runDue(long nowMillis) {
        List<Runnable> due = new ArrayList<>();
        synchronized (this) {
            while (!queue.isEmpty() && queue.peek().atMillis() <= nowMillis) {
                due.add(queue.poll().task());
            }
        }
        for (Runnable task : due) {
            task.run();
        }
    }
}
