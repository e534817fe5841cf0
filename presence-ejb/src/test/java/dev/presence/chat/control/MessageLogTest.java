package dev.presence.chat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.chat.entity.ChatMessage;
import dev.presence.testing.InMemoryMessages;
import dev.presence.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MessageLogTest {

    private final MutableClock clock = new MutableClock();
    /** A store in memory, as the database would keep it across restarts of the log. */
    private final InMemoryMessages store = new InMemoryMessages();
    private MessageLog log = new MessageLog(store, clock, Thread::new);
    private int seq;

    @AfterEach
    void close() {
        log.close();
    }

    private ChatMessage draft(String user, String clientMessageId) {
        seq++;
        return new ChatMessage("m" + seq, "room", user, "hello " + seq, Instant.parse("2026-11-27T21:30:00Z"), clientMessageId);
    }

    private static MessageLog.Outcome done(CompletableFuture<MessageLog.Outcome> f) throws Exception {
        return f.get(5, TimeUnit.SECONDS);
    }

    @Test
    void theStoredListenerCountsMessagesStoredNotRepeatsNorFailuresAndCannotFailAnAck() throws Exception {
        java.util.concurrent.atomic.AtomicLong stored = new java.util.concurrent.atomic.AtomicLong();
        log.onStored(stored::addAndGet);
        done(log.submit(draft("alice", "k1")));
        done(log.submit(draft("alice", "k1"))); // a repeat: not stored again
        done(log.submit(draft("alice", null)));
        assertEquals(2, stored.get());
        store.down = true;
        assertThrows(ExecutionException.class, () -> log.submit(draft("alice", null)).get(5, TimeUnit.SECONDS));
        assertEquals(2, stored.get(), "nothing stored, nothing counted");
        store.down = false;
        log.onStored(n -> {
            throw new IllegalStateException("a broken listener");
        });
        assertFalse(done(log.submit(draft("alice", null))).repeat(), "stored and acknowledged all the same");
        assertFalse(done(log.submit(draft("alice", null))).repeat(), "and the writer still runs");
    }

    @Test
    void aRepeatIsAckedWithTheFirstMessageAndNotStoredAgainAlsoAfterARestart() throws Exception {
        MessageLog.Outcome first = done(log.submit(draft("alice", "c1")));
        assertFalse(first.repeat());
        MessageLog.Outcome again = done(log.submit(draft("alice", "c1")));
        assertTrue(again.repeat());
        assertEquals(first.message().messageId(), again.message().messageId());
        assertFalse(done(log.submit(draft("bob", "c1"))).repeat(), "keys are per user");
        log.close();
        log = new MessageLog(store, clock, Thread::new); // a restart: memory is empty, the store is not
        MessageLog.Outcome afterRestart = done(log.submit(draft("alice", "c1")));
        assertTrue(afterRestart.repeat());
        assertEquals(first.message().messageId(), afterRestart.message().messageId());
        assertEquals(2, store.appends.stream().mapToInt(List::size).sum(), "alice's c1 once, bob's c1 once");
    }

    @Test
    void messagesArrivingTogetherGoToTheStoreInOneWriteAndRepeatsInsideItResolveToTheFirst() throws Exception {
        List<MessageLog.Pending> batch = new ArrayList<>();
        // drive one batch directly, as the writer thread would after its window
        MessageLog direct = new MessageLog(store, clock, r -> new Thread(() -> { }));
        List<CompletableFuture<MessageLog.Outcome>> futures = new ArrayList<>();
        for (String cmid : new String[] {"a", "b", "a", null}) {
            CompletableFuture<MessageLog.Outcome> f = new CompletableFuture<>();
            futures.add(f);
            batch.add(new MessageLog.Pending(draft("carol", cmid), f));
        }
        direct.write(batch);
        assertEquals(1, store.appends.size());
        assertEquals(3, store.appends.get(0).size());
        assertTrue(done(futures.get(2)).repeat());
        assertEquals(done(futures.get(0)).message().messageId(), done(futures.get(2)).message().messageId());
    }

    @Test
    void nothingIsAckedWhenTheStoreFails() throws Exception {
        store.down = true;
        ExecutionException e = assertThrows(ExecutionException.class, () -> done(log.submit(draft("dave", "x"))));
        assertTrue(e.getCause() instanceof IllegalStateException);
        store.down = false;
        assertFalse(done(log.submit(draft("dave", "x"))).repeat(), "the failed message left no key behind: a retry is stored");
        assertEquals(1, store.appends.size());
    }

    @Test
    void sendsPastTheQueuedBytesAreRefusedNotAckedAndAcceptedAgainOnceItDrains() throws Exception {
        MessageLog idle = new MessageLog(store, clock, r -> new Thread(() -> { }), 64 * 1024, 100); // no writer: the queue only fills
        String text = "x".repeat(4000);
        int accepted = 0;
        CompletableFuture<MessageLog.Outcome> refused = null;
        for (int i = 0; i < 100 && refused == null; i++) {
            CompletableFuture<MessageLog.Outcome> f = idle.submit(new ChatMessage("q" + i, "room", "flood", text,
                    Instant.parse("2026-11-27T21:30:00Z"), "fresh-" + i));
            if (f.isCompletedExceptionally()) {
                refused = f;
            } else {
                accepted++;
            }
        }
        assertEquals(7, accepted, "64 KiB holds seven 4,000-character messages (8,256 bytes each)");
        CompletableFuture<MessageLog.Outcome> full = refused;
        ExecutionException e = assertThrows(ExecutionException.class, () -> done(full));
        assertTrue(e.getCause() instanceof MessageLog.QueueFullException, e.toString());
        assertTrue(idle.queuedBytes() <= 64 * 1024);
    }

    @Test
    void theKeysKeptInMemoryAreBoundedAndCarryNoText() throws Exception {
        log.close();
        log = new MessageLog(store, clock, Thread::new, 8L << 20, 10);
        for (int i = 0; i < 50; i++) {
            done(log.submit(draft("erin", "k" + i)));
        }
        assertEquals(10, log.keysInMemory());
        MessageLog.Outcome early = done(log.submit(draft("erin", "k0")));
        assertTrue(early.repeat(), "a key no longer in memory is found in the store");
        MessageLog.Outcome recent = done(log.submit(draft("erin", "k49")));
        assertTrue(recent.repeat());
        assertEquals("", recent.message().text(), "memory keeps ids and times, not texts");
    }
}
