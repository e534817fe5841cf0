package dev.presence.webhook.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.webhook.entity.WebhookEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxQueueTest {

    private final InMemoryOutbox outbox = new InMemoryOutbox();

    private static WebhookEvent event(int i, int textChars) {
        return new WebhookEvent("user.status:u" + i + ":" + i, i, 0, i, "x".repeat(textChars));
    }

    @Test
    void aFullQueueRefusesNewEventsByCountAndCountsThem() {
        OutboxQueue queue = new OutboxQueue(100, Long.MAX_VALUE);
        int refused = 0;
        for (int i = 0; i < 250; i++) {
            if (!queue.offer(List.of(event(i, 10)))) {
                refused++;
            }
        }
        assertEquals(100, queue.size());
        assertEquals(150, refused);
        assertEquals(150, queue.dropped());
    }

    @Test
    void aFullQueueRefusesNewEventsByBytes() {
        OutboxQueue queue = new OutboxQueue(Integer.MAX_VALUE, 1 << 20);
        for (int i = 0; i < 10_000; i++) {
            queue.offer(List.of(event(i, 1_000))); // about 2 KB each: 20 MB offered
        }
        assertTrue(queue.bytes() <= 1 << 20, "bytes queued: " + queue.bytes());
        assertTrue(queue.size() > 400 && queue.size() < 520, "events queued: " + queue.size());
    }

    @Test
    void oneChangesEventsAreQueuedTogetherOrNotAtAll() {
        OutboxQueue queue = new OutboxQueue(3, Long.MAX_VALUE);
        assertTrue(queue.offer(List.of(event(1, 1), event(2, 1))));
        assertFalse(queue.offer(List.of(event(3, 1), event(4, 1))));
        assertEquals(2, queue.size());
    }

    @Test
    void aFlushWritesEverythingInOrderInBoundedWritesAndEmptiesTheQueue() {
        OutboxQueue queue = new OutboxQueue(10_000, Long.MAX_VALUE);
        for (int i = 0; i < 2_500; i++) {
            queue.offer(List.of(event(i, 1)));
        }
        assertEquals(2_500, queue.flush(outbox));
        assertEquals(List.of(1000, 1000, 500), outbox.inserts.stream().map(List::size).toList());
        List<Long> seqs = outbox.inserts.stream().flatMap(List::stream).map(WebhookEvent::seq).toList();
        List<Long> sorted = new ArrayList<>(seqs);
        sorted.sort(null);
        assertEquals(sorted, seqs);
        assertEquals(0, queue.size());
        assertEquals(0, queue.bytes());
    }

    @Test
    void aFailedFlushKeepsTheEventsInOrderAndStillCountedForTheBounds() {
        OutboxQueue queue = new OutboxQueue(3, Long.MAX_VALUE);
        queue.offer(List.of(event(1, 1)));
        queue.offer(List.of(event(2, 1)));
        outbox.down = true;
        assertThrows(IllegalStateException.class, () -> queue.flush(outbox));
        assertEquals(2, queue.size());
        queue.offer(List.of(event(3, 1)));
        assertFalse(queue.offer(List.of(event(4, 1))), "events of a failed write still count");
        outbox.down = false;
        assertEquals(3, queue.flush(outbox));
        assertEquals(List.of(1L, 2L, 3L), outbox.waiting().stream().map(WebhookEvent::seq).toList());
    }
}
