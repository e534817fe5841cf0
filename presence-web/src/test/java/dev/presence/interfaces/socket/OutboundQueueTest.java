package dev.presence.interfaces.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {

    /** Records what reaches the transport; a send completes at once unless {@code hold} is set. */
    private static final class RecordingSink implements OutboundQueue.Sink {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<List<String>> sends = new CopyOnWriteArrayList<>();
        final List<Consumer<Throwable>> pending = new ArrayList<>();
        volatile boolean hold;
        boolean several;

        @Override
        public boolean writesSeveral() {
            return several;
        }

        @Override
        public void send(List<String> frames, Consumer<Throwable> done) {
            sent.addAll(frames);
            sends.add(frames);
            if (hold) {
                synchronized (pending) {
                    pending.add(done);
                }
            } else {
                done.accept(null);
            }
        }

        @Override
        public void close(int code, String reason) {
            sent.add("close " + code);
        }

        @Override
        public void abort(int code, String reason) {
            sent.add("abort " + code);
        }
    }

    /** Runs submitted pumps only when told, so a test sees what the queuing thread did by itself. */
    private static final class ManualExecutor implements java.util.concurrent.Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            for (Runnable t; (t = tasks.poll()) != null; ) {
                t.run();
            }
        }
    }

    private static final long UNBOUNDED_BYTES = 1L << 40;
    private final RecordingSink sink = new RecordingSink();
    private final ManualExecutor senders = new ManualExecutor();
    private long now = 1_000;
    private final java.util.function.LongSupplier clock = () -> now;

    @Test
    void aFanOutThreadOnlyQueuesAndTheSendersWriteInOrder() {
        OutboundQueue queue = new OutboundQueue(sink, 10, UNBOUNDED_BYTES, senders, clock);
        queue.push("a");
        queue.push("b");
        queue.send("reply"); // behind the pushes: the pump already under way takes it
        queue.close(4401, "bye");
        assertEquals(List.of(), sink.sent, "nothing is written on the queuing thread");
        assertEquals(1, senders.tasks.size(), "one pump per session, however many frames");
        senders.runAll();
        assertEquals(List.of("a", "b", "reply", "close 4401"), sink.sent);
    }

    @Test
    void aSessionsBacklogHoldsASenderForOneTurnThenWaitsBehindTheOtherSessions() {
        OutboundQueue busy = new OutboundQueue(sink, 100, UNBOUNDED_BYTES, senders, clock);
        RecordingSink watcherSink = new RecordingSink();
        OutboundQueue watcher = new OutboundQueue(watcherSink, 100, UNBOUNDED_BYTES, senders, clock);
        String snapshot = "x".repeat(16 * 1024);
        for (int i = 0; i < 16; i++) {
            busy.push(snapshot);
        }
        watcher.push("status-change");
        senders.tasks.poll().run(); // the busy session's turn
        assertEquals(OutboundQueue.TURN_CHARS / snapshot.length(), sink.sent.size(), "one turn's worth");
        senders.tasks.poll().run(); // the watcher comes next, not after the whole backlog
        assertEquals(List.of("status-change"), watcherSink.sent);
        assertEquals(4, sink.sent.size());
        senders.runAll();
        assertEquals(16, sink.sent.size(), "the backlog goes out in order over later turns");
    }

    @Test
    void aReplyToAnIdleSessionIsWrittenByTheCallingThread() {
        OutboundQueue queue = new OutboundQueue(sink, 10, UNBOUNDED_BYTES, senders, clock);
        queue.send("pong");
        assertEquals(List.of("pong"), sink.sent);
        assertEquals(0, senders.tasks.size(), "no hand-off on the request path");
    }

    @Test
    void aSessionsFramesStayInOrderWhileManySessionsAreWrittenInParallel() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<RecordingSink> sinks = new ArrayList<>();
        List<OutboundQueue> queues = new ArrayList<>();
        for (int s = 0; s < 50; s++) {
            RecordingSink each = new RecordingSink();
            sinks.add(each);
            queues.add(new OutboundQueue(each, 10_000, UNBOUNDED_BYTES, pool, clock));
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.add("f" + i);
            for (OutboundQueue q : queues) { // a fan-out per frame, as the registry does
                q.push("f" + i);
            }
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        for (RecordingSink each : sinks) {
            assertEquals(expected, each.sent);
        }
    }

    @Test
    void aClientThatDoesNotReadIsClosedWith1008AtTheBound() {
        sink.hold = true; // the first send never completes: the client reads nothing
        OutboundQueue queue = new OutboundQueue(sink, 3, UNBOUNDED_BYTES, senders, clock);
        queue.push("a");
        senders.runAll(); // "a" is on the wire, waiting
        queue.push("b");
        queue.send("c");
        queue.push("d");
        queue.push("e"); // a fourth frame waiting: past the bound of 3
        assertEquals(List.of("a"), sink.sent, "the close is not made on the queuing thread");
        senders.runAll();
        assertEquals(List.of("a", "close 1008"), sink.sent);
        queue.push("f");
        assertEquals(List.of("a", "close 1008"), sink.sent, "nothing more once closed");
    }

    @Test
    void aStoppingNodeStillWritesAFanOutFromTheCallingThread() {
        OutboundQueue queue = new OutboundQueue(sink, 10, UNBOUNDED_BYTES, task -> {
            throw new RejectedExecutionException("shut down");
        }, clock);
        queue.push("last change");
        queue.close(1001, "going away");
        assertEquals(List.of("last change", "close 1001"), sink.sent);
    }

    @Test
    void framesQueuedWhileAWriteIsUnderWayGoOutTogetherInTheNextSend() {
        sink.several = true;
        sink.hold = true;
        OutboundQueue queue = new OutboundQueue(sink, 10, UNBOUNDED_BYTES, senders, clock);
        queue.push("a");
        senders.runAll(); // "a" is on the wire
        queue.push("b");
        queue.push("c");
        queue.send("d");
        sink.hold = false;
        sink.pending.getFirst().accept(null); // "a" written: the pump resumes on the senders
        senders.runAll();
        assertEquals(List.of(List.of("a"), List.of("b", "c", "d")), sink.sends);
    }

    /** A queue whose reply "a" was written inline and completes later, with reply "b" waiting behind it. */
    private OutboundQueue queueWithAWriteUnderWay() {
        sink.hold = true;
        OutboundQueue queue = new OutboundQueue(sink, 10, UNBOUNDED_BYTES, senders, clock);
        queue.send("a");
        queue.send("b");
        sink.hold = false;
        return queue;
    }

    @Test
    void aSendThatCompletesLaterResumesOnTheSendersNotOnTheTransportsThread() {
        queueWithAWriteUnderWay();
        sink.pending.getFirst().accept(null); // the transport's thread, inside its writer's lock
        assertEquals(List.of("a"), sink.sent, "nothing written from inside the transport's completion");
        senders.runAll();
        assertEquals(List.of("a", "b"), sink.sent);
    }

    @Test
    void aCompletionReportedTwiceCountsOnce() {
        OutboundQueue queue = queueWithAWriteUnderWay();
        Consumer<Throwable> done = sink.pending.getFirst();
        done.accept(null);
        done.accept(new IllegalStateException("reported again as failed"));
        senders.runAll();
        queue.push("c");
        senders.runAll();
        assertEquals(List.of("a", "b", "c"), sink.sent, "the queue goes on: neither closed nor written twice");
    }

    @Test
    void aFailedWriteClosesTheSessionInsteadOfDroppingLaterFramesSilently() {
        sink.hold = true;
        OutboundQueue queue = new OutboundQueue(sink, 10, UNBOUNDED_BYTES, senders, clock);
        queue.send("a");
        sink.pending.getFirst().accept(new java.io.IOException("broken pipe"));
        senders.runAll();
        queue.push("b");
        senders.runAll();
        assertEquals(List.of("a", "close 1008"), sink.sent);
    }

    @Test
    void aSinkThatWritesOneFrameAtATimeIsGivenOneFrameASend() {
        OutboundQueue queue = new OutboundQueue(sink, 10, UNBOUNDED_BYTES, senders, clock);
        queue.push("a");
        queue.push("b");
        senders.runAll();
        assertEquals(List.of(List.of("a"), List.of("b")), sink.sends);
    }

    @Test
    void aSendCarriesAtMostMaxSendCharsAndAFrameOverItGoesAlone() {
        sink.several = true;
        OutboundQueue queue = new OutboundQueue(sink, 10, UNBOUNDED_BYTES, senders, clock);
        String quarter = "q".repeat(OutboundQueue.MAX_SEND_CHARS / 4);
        String huge = "h".repeat(OutboundQueue.MAX_SEND_CHARS * 2);
        for (int i = 0; i < 5; i++) {
            queue.push(quarter);
        }
        queue.push(huge);
        queue.push("x");
        senders.runAll();
        assertEquals(List.of(4, 1, 1, 1), sink.sends.stream().map(List::size).toList());
        assertEquals(List.of(huge), sink.sends.get(2));
    }

    @Test
    void aCloseIsSentOnlyAfterTheFramesBatchedBeforeIt() {
        sink.several = true;
        OutboundQueue queue = new OutboundQueue(sink, 10, UNBOUNDED_BYTES, senders, clock);
        queue.push("a");
        queue.push("b");
        queue.close(4401, "bye");
        queue.push("after the close");
        senders.runAll();
        assertEquals(List.of(List.of("a", "b")), sink.sends);
        assertEquals(List.of("a", "b", "close 4401"), sink.sent);
    }

    @Test
    void aSinkThatThrowsHasFailedItsWriteAndTheSessionIsClosed() {
        OutboundQueue.Sink throwing = new OutboundQueue.Sink() {
            @Override
            public boolean writesSeveral() {
                return false;
            }

            @Override
            public void send(List<String> frames, Consumer<Throwable> done) {
                throw new IllegalStateException("the connection is gone");
            }

            @Override
            public void close(int code, String reason) {
                sink.sent.add("close " + code);
            }
        };
        OutboundQueue queue = new OutboundQueue(throwing, 10, UNBOUNDED_BYTES, senders, clock);
        queue.send("a");
        queue.push("b");
        senders.runAll();
        assertEquals(List.of("close 1008"), sink.sent, "closed once, nothing more tried");
    }

    @Test
    void aFewLargeRepliesClosePastTheByteBoundLongBeforeTheFrameBound() {
        sink.hold = true; // the client reads nothing
        OutboundQueue queue = new OutboundQueue(sink, 1024, 1 << 20, senders, clock);
        String snapshot = "s".repeat(88_000); // a presence-snapshot of 1,000 users
        queue.send(snapshot); // on the wire, waiting
        int queued = 0;
        while (sink.sent.size() == 1 && queued < 1024) {
            queue.send(snapshot);
            queued++;
            senders.runAll();
        }
        assertEquals(List.of(snapshot, "close 1008"), sink.sent);
        assertEquals(12, queued, "11 of 88 KB fit in 1 MiB, the 12th does not: 12 frames, not 1,024");
        assertEquals(0, queue.bytes(), "what was queued is let go");
    }

    @Test
    void sentFramesNoLongerCountAgainstTheByteBound() {
        OutboundQueue queue = new OutboundQueue(sink, 1024, 10_000, senders, clock);
        for (int i = 0; i < 100; i++) {
            queue.send("x".repeat(5_000)); // written at once: each leaves the queue before the next
        }
        assertEquals(100, sink.sent.size());
        assertEquals(0, queue.bytes());
    }

    @Test
    void aWriteWaitingOnItsPeerIsTimedAndAbortDropsTheConnectionAtOnce() {
        sink.hold = true;
        OutboundQueue queue = new OutboundQueue(sink, 10, UNBOUNDED_BYTES, senders, clock);
        assertEquals(-1, queue.pendingWriteSince());
        queue.send("a");
        assertEquals(1_000, queue.pendingWriteSince(), "the write waits on its peer since now");
        queue.push("b");
        queue.close(4401, "bye"); // would wait behind the write that never finishes
        queue.abort(1008, "a write did not finish");
        senders.runAll();
        assertEquals(List.of("a", "abort 1008"), sink.sent);
        sink.pending.getFirst().accept(null);
        senders.runAll();
        assertEquals(List.of("a", "abort 1008"), sink.sent, "nothing is sent after the abort");
        assertEquals(-1, queue.pendingWriteSince());
    }
}
