package dev.presence.webhook.control;

import dev.presence.webhook.entity.WebhookEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * User events on their way to the outbox: a presence transition only queues here (it never waits for the
 * database), and {@link #flush} writes them in bulk, in the order they were queued. Events stay counted
 * until they are written, so the bounds hold while a write is under way or failing.
 *
 * <p>Bounded in events and in bytes: past either, a new event is refused and counted ({@link #dropped}),
 * so a database away for long costs a known amount of memory, not all of it. The caller reports drops.
 */
public final class OutboxQueue {

    /** The most events written in one bulk write. */
    static final int MAX_WRITE = 1000;

    private final int maxEvents;
    private final long maxBytes;
    /** Guarded by this; the head is written first. */
    private final ArrayDeque<WebhookEvent> queued = new ArrayDeque<>();
    private long bytes;
    private long dropped;

    public OutboxQueue(int maxEvents, long maxBytes) {
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    /** Queues {@code events} (one change's, kept together); false when the bounds refused them. */
    public synchronized boolean offer(List<WebhookEvent> events) {
        long cost = 0;
        for (WebhookEvent e : events) {
            cost += e.bytes();
        }
        if (queued.size() + events.size() > maxEvents || bytes + cost > maxBytes) {
            dropped += events.size();
            return false;
        }
        queued.addAll(events);
        bytes += cost;
        return true;
    }

    /**
     * Writes the queued events to {@code outbox}, {@link #MAX_WRITE} at a time, until none is left; returns
     * how many. Throws what the outbox threw: the events not written stay queued, in order. No lock is held
     * while the outbox writes.
     */
    public int flush(Outbox outbox) {
        int written = 0;
        while (true) {
            List<WebhookEvent> next = peek();
            if (next.isEmpty()) {
                return written;
            }
            outbox.insert(next);
            remove(next.size());
            written += next.size();
        }
    }

    private synchronized List<WebhookEvent> peek() {
        List<WebhookEvent> next = new ArrayList<>(Math.min(queued.size(), MAX_WRITE));
        Iterator<WebhookEvent> it = queued.iterator();
        while (it.hasNext() && next.size() < MAX_WRITE) {
            next.add(it.next());
        }
        return next;
    }

    /** Only {@link #flush} takes events out, so the first {@code count} are the ones it wrote. */
    private synchronized void remove(int count) {
        for (int i = 0; i < count; i++) {
            bytes -= queued.removeFirst().bytes();
        }
    }

    public synchronized int size() {
        return queued.size();
    }

    public synchronized long bytes() {
        return bytes;
    }

    /** Events refused since the start because the queue was full. */
    public synchronized long dropped() {
        return dropped;
    }
}
