package dev.presence.webhook.control;

import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The thread that repeats {@link WebhookSender#turn}, waiting as long as it says or until woken (events
 * were just written here). A database failure is logged once and tried again a second later.
 */
public final class SenderLoop implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SenderLoop.class.getName());
    static final long DATABASE_RETRY_MILLIS = 1_000;
    /** A stop waits this long for a delivery under way (the poster's timeout is 5 s), then interrupts it. */
    static final long STOP_WAIT_MILLIS = 6_000;

    private final WebhookSender sender;
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private volatile boolean running = true;
    private boolean databaseFailing;

    public SenderLoop(WebhookSender sender, ThreadFactory threads) {
        this.sender = sender;
        this.thread = threads.newThread(this::run);
        thread.setName("presence-webhook-sender");
    }

    public void start() {
        thread.start();
    }

    private void run() {
        while (running) {
            long wait;
            try {
                wait = sender.turn();
                if (databaseFailing) {
                    databaseFailing = false;
                    LOG.info("the webhook sender reaches the database again");
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                if (!databaseFailing) {
                    databaseFailing = true;
                    LOG.log(Level.WARNING, "the webhook sender could not use the database; it tries again every second", e);
                }
                wait = DATABASE_RETRY_MILLIS;
            }
            if (wait > 0) {
                try {
                    wake.tryAcquire(wait, TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                } catch (InterruptedException e) {
                    break;
                }
            }
        }
    }

    /** Events were written: look now rather than at the next poll. */
    public void wake() {
        wake.release();
    }

    /** Stops after the delivery under way (or interrupts it), and lets the lease go. */
    @Override
    public void close() {
        running = false;
        wake.release();
        try {
            thread.join(STOP_WAIT_MILLIS);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            sender.release();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not release the webhook sender lease; another node takes it when it lapses", e);
        }
    }
}
