package dev.presence.webhook.control;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The thread that writes queued user events to the outbox every {@link #INTERVAL} (write-behind: a
 * transition never waits for it), and wakes the sender after each write. When the database fails it tries
 * again a second later; the events wait in the bounded queue. {@link #close} writes what is left: a
 * graceful stop loses no event.
 */
public final class OutboxWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OutboxWriter.class.getName());
    static final Duration INTERVAL = Duration.ofMillis(100);
    static final Duration RETRY = Duration.ofSeconds(1);

    private final OutboxQueue queue;
    private final Outbox outbox;
    private final Runnable written;
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Duration closeDeadline = Duration.ofSeconds(10);
    private boolean failing;

    /** @param written told after events were written: the sender looks at once */
    public OutboxWriter(OutboxQueue queue, Outbox outbox, ThreadFactory threads, Runnable written) {
        this.queue = queue;
        this.outbox = outbox;
        this.written = written;
        this.thread = threads.newThread(this::run);
        thread.setName("presence-webhook-writer");
    }

    public void start() {
        thread.start();
    }

    private void run() {
        long wait = INTERVAL.toMillis();
        while (running) {
            try {
                wake.tryAcquire(wait, TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            wait = flushOnce() ? INTERVAL.toMillis() : RETRY.toMillis();
        }
        drain();
    }

    /** Writes what is queued; false when the database failed. */
    boolean flushOnce() {
        try {
            if (queue.flush(outbox) > 0) {
                written.run();
            }
            if (failing) {
                failing = false;
                LOG.info("webhook events are being written to the outbox again");
            }
            return true;
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.log(Level.WARNING, "could not write " + queue.size() + " webhook event(s) to the outbox; they wait in"
                        + " memory (bounded) and are written when the database answers", e);
            }
            return false;
        }
    }

    /** At a stop: writes what is left, trying until the deadline. */
    private void drain() {
        long deadline = System.nanoTime() + closeDeadline.toNanos();
        while (queue.size() > 0 && !flushOnce() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (queue.size() > 0) {
            LOG.severe(queue.size() + " webhook event(s) could not be written to the outbox before the stop; they are lost");
        }
    }

    /** Asks for a write now rather than at the next interval. */
    public void wake() {
        wake.release();
    }

    /** Stops the thread after it has written everything queued (trying for at most {@code deadline}). */
    public void close(Duration deadline) {
        closeDeadline = deadline;
        running = false;
        wake.release();
        try {
            thread.join(deadline.toMillis() + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
