package dev.presence.webhook.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.testing.Await;
import dev.presence.webhook.entity.WebhookEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The write-behind thread: queued user events reach the outbox soon, and all of them at a graceful stop. */
class OutboxWriterTest {

    private final OutboxQueue queue = new OutboxQueue(10_000, 1 << 20);
    private final AtomicInteger wakes = new AtomicInteger();

    /** An outbox whose next {@code failures} writes fail. */
    private static final class FlakyOutbox implements Outbox {
        final InMemoryOutbox real = new InMemoryOutbox();
        final AtomicInteger failures = new AtomicInteger();

        @Override
        public void insert(List<WebhookEvent> events) {
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("database away");
            }
            real.insert(events);
        }

        @Override
        public List<WebhookEvent> head(int limit) {
            return real.head(limit);
        }

        @Override
        public void delivered(List<WebhookEvent> events, long at) {
        }

        @Override
        public void gaveUp(List<WebhookEvent> events, long at) {
        }

        @Override
        public long prune(long before) {
            return 0;
        }
    }

    private final FlakyOutbox outbox = new FlakyOutbox();
    private final OutboxWriter writer = new OutboxWriter(queue, outbox, Thread::new, wakes::incrementAndGet);

    private static WebhookEvent event(int i) {
        return new WebhookEvent("user.online:u" + i + ":" + i, i, 0, i, "{}");
    }

    @Test
    void queuedEventsReachTheOutboxWithinItsIntervalAndWakeTheSender() {
        writer.start();
        queue.offer(List.of(event(1), event(2)));
        Await.until(() -> outbox.real.waiting().size() == 2, Duration.ofSeconds(2), "the write");
        // the sender is woken just after the write returns, on the writer's thread
        Await.until(() -> wakes.get() >= 1, Duration.ofSeconds(2), "the sender is told");
        writer.close();
    }

    @Test
    void aGracefulStopWritesEverythingQueuedEvenThroughAFailingDatabase() throws Exception {
        writer.start();
        outbox.failures.set(3);
        for (int i = 0; i < 500; i++) {
            queue.offer(List.of(event(i)));
        }
        writer.close(Duration.ofSeconds(10));
        assertEquals(500, outbox.real.waiting().size(), "every queued event was written before the stop returned");
        assertEquals(0, queue.size());
    }

    @Test
    void aStopGivesUpAfterItsDeadlineWhenTheDatabaseStaysAway() {
        writer.start();
        outbox.failures.set(Integer.MAX_VALUE);
        queue.offer(List.of(event(1)));
        long started = System.nanoTime();
        writer.close(Duration.ofMillis(500));
        long took = (System.nanoTime() - started) / 1_000_000;
        assertTrue(took < 5_000, "returned after " + took + " ms");
        assertEquals(1, queue.size(), "still queued: the log says it is lost");
    }
}
