package dev.presence.stats.control;

import dev.presence.stats.entity.StatsPoint;
import java.util.ArrayDeque;

/**
 * This node's finished minutes not yet in the database, oldest first. While the database is away they pile
 * up, so the queue is bounded: past {@link #capacity} minutes the oldest is dropped (and counted), which
 * bounds its memory at about capacity x 2.2 KB. Thread-safe: the sampler adds, the writer takes.
 */
public final class PendingMinutes {

    /** An hour of minutes: a longer outage loses the oldest minutes, not the node's memory. */
    public static final int CAPACITY = 60;

    private final int capacity;
    private final ArrayDeque<StatsPoint> minutes = new ArrayDeque<>();
    private long dropped;

    public PendingMinutes() {
        this(CAPACITY);
    }

    PendingMinutes(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(StatsPoint minute) {
        if (minutes.size() == capacity) {
            minutes.removeFirst();
            dropped++;
        }
        minutes.addLast(minute);
    }

    /** The oldest minute waiting, or null. */
    public synchronized StatsPoint oldest() {
        return minutes.peekFirst();
    }

    /** The oldest minute was written. */
    public synchronized void written(StatsPoint minute) {
        if (minutes.peekFirst() == minute) {
            minutes.removeFirst();
        }
    }

    public synchronized int size() {
        return minutes.size();
    }

    /** Minutes dropped because the queue was full. */
    public synchronized long dropped() {
        return dropped;
    }
}
