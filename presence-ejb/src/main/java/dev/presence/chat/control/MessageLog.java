package dev.presence.chat.control;

import dev.presence.chat.entity.ChatMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stores messages before they are acknowledged, with group commit: one writer thread takes every message
 * that arrived within {@link #WINDOW} of the first and stores them in one bulk write, then completes each.
 * Acked means durable.
 *
 * <p>Idempotency: a repeated {@code (userId, clientMessageId)} resolves to the first message, which is not
 * stored or delivered again. The keys of the last messages are kept in memory ({@link RecentKeys}, bounded);
 * any other key is looked up in the store, which keeps them 24 h, before writing. The single writer
 * serialises the check and the write.
 *
 * <p>Bounds: the messages waiting to be stored are bounded in bytes; past it a send is refused
 * ({@link QueueFullException}) and not acknowledged, rather than queued without end while the database is
 * slow or a flood of fresh messages outruns it.
 */
public final class MessageLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MessageLog.class.getName());
    static final Duration WINDOW = Duration.ofMillis(2);
    static final int MAX_BATCH = 500;
    public static final Duration IDEMPOTENCY = Duration.ofHours(24);

    /** What became of a submitted message: stored now, or a repeat of one stored earlier. */
    public record Outcome(ChatMessage message, boolean repeat) {
    }

    record Pending(ChatMessage draft, CompletableFuture<Outcome> done) {
        /** What the message costs while it waits: its text (two bytes a character at most) and its fields. */
        long cost() {
            return 2L * draft.text().length() + 256;
        }
    }

    /** Too many bytes of messages are waiting to be stored: the send is refused, not acknowledged. */
    public static final class QueueFullException extends RuntimeException {
        QueueFullException(long maxBytes) {
            super("more than " + maxBytes + " bytes of messages are waiting to be stored", null, false, false);
        }
    }

    private final MessageStore store;
    private final Clock clock;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final long maxQueuedBytes;
    private final RecentKeys recentKeys;
    private final Thread writer;
    private volatile boolean running = true;
    /** Told how many messages each group commit stored (the operators' stats); must not block. */
    private volatile java.util.function.LongConsumer storedListener = n -> { };

    public MessageLog(MessageStore store, Clock clock, ThreadFactory threads) {
        this(store, clock, threads, 8L << 20, 50_000);
    }

    /**
     * @param maxQueuedBytes bytes of messages that may wait to be stored
     * @param recentKeys     idempotency keys kept in memory
     */
    public MessageLog(MessageStore store, Clock clock, ThreadFactory threads, long maxQueuedBytes, int recentKeys) {
        this.store = store;
        this.clock = clock;
        this.maxQueuedBytes = maxQueuedBytes;
        this.recentKeys = new RecentKeys(recentKeys);
        this.writer = threads.newThread(this::run);
        writer.setName("presence-message-writer");
        writer.start();
    }

    /**
     * Queues a message for storing; the future completes once it is durable (or a repeat), or fails: with
     * {@link QueueFullException} at once when too much is waiting already.
     */
    public CompletableFuture<Outcome> submit(ChatMessage draft) {
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("the message log is closed"));
            return done;
        }
        Pending p = new Pending(draft, done);
        if (queuedBytes.addAndGet(p.cost()) > maxQueuedBytes) {
            queuedBytes.addAndGet(-p.cost());
            done.completeExceptionally(new QueueFullException(maxQueuedBytes));
            return done;
        }
        queue.add(p);
        return done;
    }

    /** {@code listener} is told how many messages each group commit stored, from now on. */
    public void onStored(java.util.function.LongConsumer listener) {
        storedListener = listener;
    }

    /** Bytes of messages waiting to be stored. */
    public long queuedBytes() {
        return queuedBytes.get();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long until = System.nanoTime() + WINDOW.toNanos();
                while (batch.size() < MAX_BATCH) {
                    Pending next = queue.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                batch.forEach(p -> queuedBytes.addAndGet(-p.cost()));
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } finally {
                batch.clear();
            }
        }
        queue.forEach(p -> p.done().completeExceptionally(new IllegalStateException("the message log closed")));
    }

    /** Resolves repeats, stores the rest in one bulk write, then completes every future of the batch. */
    void write(List<Pending> batch) {
        Set<String> unknown = new LinkedHashSet<>();
        for (Pending p : batch) {
            String key = keyOf(p.draft());
            if (key != null && !recentKeys.contains(key)) {
                unknown.add(key);
            }
        }
        Map<String, ChatMessage> first = new HashMap<>();
        List<ChatMessage> toStore = new ArrayList<>(batch.size());
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        try {
            if (!unknown.isEmpty()) {
                first.putAll(store.firstOf(unknown));
            }
            for (Pending p : batch) {
                String key = keyOf(p.draft());
                ChatMessage earlier = key == null ? null : recentKeys.contains(key) ? recentKeys.get(key) : first.get(key);
                if (earlier != null) {
                    outcomes.add(new Outcome(earlier, true));
                } else {
                    toStore.add(p.draft());
                    outcomes.add(new Outcome(p.draft(), false));
                    if (key != null) {
                        first.put(key, p.draft()); // a repeat inside this batch resolves to this one
                    }
                }
            }
            if (!toStore.isEmpty()) {
                store.append(toStore);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not store " + batch.size() + " message(s); none is acknowledged", e);
            batch.forEach(p -> p.done().completeExceptionally(e));
            return;
        }
        if (!toStore.isEmpty()) {
            try {
                storedListener.accept(toStore.size());
            } catch (RuntimeException e) { // the batch is stored: it is acknowledged whatever the listener does
                LOG.log(Level.WARNING, "the stored-messages listener failed", e);
            }
        }
        Instant now = clock.instant();
        first.forEach((key, m) -> recentKeys.remember(key, m, now));
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(outcomes.get(i));
        }
    }

    private static String keyOf(ChatMessage m) {
        return m.clientMessageId() == null ? null : MessageStore.key(m.userId(), m.clientMessageId());
    }

    /** Idempotency keys held in memory. */
    int keysInMemory() {
        return recentKeys.size();
    }

    /** Stops taking messages, stores those already queued, and waits for the writer. */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
