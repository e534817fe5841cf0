package dev.presence.interfaces.socket;

import dev.presence.status.control.CloseCodes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A session's outbound frames, sent asynchronously, one send at a time. The queue is bounded in frames and
 * in bytes (a thousand small frames and one large snapshot cost alike): a client that does not read fast
 * enough is closed with 1008 instead of growing the server's memory. That close runs on {@code senders},
 * never on the thread that queued the frame: it may be fanning out a change of another user, and Tyrus
 * runs the closed session's {@code @OnClose} on the closing thread. A close queued behind frames (an error
 * reply then 4401, say) is sent after them. A write that waits on its peer is timed
 * ({@link #pendingWriteSince}) so a peer that stops reading with its TCP window shut can be aborted.
 * <p>
 * A reply ({@link #send}) is written by the calling thread when nothing is queued before it: no hand-off on
 * the connect and request path. A fan-out's frames ({@link #push}) are written on {@code senders}: a fan-out
 * to 1,000 watchers queues 1,000 frames in microseconds and the senders write them in parallel, where the
 * fanning-out thread would otherwise write them one after the other. One pump per session, on whichever
 * thread, keeps the session's frames in order.
 */
final class OutboundQueue {

    /** The transport: an asynchronous send that reports completion, and a close. */
    interface Sink {
        /** Whether one send may carry several frames; if not, each send is given one. */
        boolean writesSeveral();

        /**
         * Writes the frames in order and reports once, when all are written or the write failed. Throwing
         * counts as a failed write.
         */
        void send(List<String> frames, Consumer<Throwable> done);

        void close(int code, String reason);

        /** Drops the connection now, whatever is being written to it. */
        default void abort(int code, String reason) {
            close(code, reason);
        }
    }

    /** About how many characters of frames one send carries at most (a single larger frame goes alone). */
    static final int MAX_SEND_CHARS = 32 * 1024;

    /**
     * How many characters one turn of a session's pump writes before the pump goes to the back of the
     * senders' queue: a session with a backlog of large replies holds a sender for one turn, not until its
     * backlog is gone, so the small frames of every other session are not held behind it.
     */
    static final int TURN_CHARS = 64 * 1024;

    private record Close(int code, String reason) {
    }

    /** What a queued frame is taken to cost besides its characters (the string and the queue's slot). */
    static final int FRAME_OVERHEAD = 48;

    private final Sink sink;
    private final int limit;
    private final long maxBytes;
    private final Executor senders;
    private final LongSupplier clock;
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    /** What the queued frames cost: their characters (JSON is ASCII but for message texts) plus overhead. */
    private long bytes;
    private boolean sending;
    private boolean closed;
    /** When the send under way began to wait on its peer (clock millis); -1 when none waits. */
    private long waitingSince = -1;

    OutboundQueue(Sink sink, int limit, long maxBytes, Executor senders, LongSupplier clock) {
        this.sink = sink;
        this.limit = limit;
        this.maxBytes = maxBytes;
        this.senders = senders;
        this.clock = clock;
    }

    void send(String frame) {
        queue(frame, false);
    }

    void push(String frame) {
        queue(frame, true);
    }

    private void queue(String frame, boolean onSenders) {
        long cost = frame.length() + FRAME_OVERHEAD;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (queue.size() >= limit || bytes + cost > maxBytes) {
                closed = true;
                queue.clear();
                bytes = 0;
            } else {
                queue.add(frame);
                bytes += cost;
                if (sending) {
                    return;
                }
                sending = true;
                frame = null;
            }
        }
        if (frame != null) {
            onSenders(() -> sink.close(CloseCodes.POLICY, "client does not read its frames"));
            return;
        }
        if (onSenders) {
            startPump();
        } else {
            pump();
        }
    }

    /** Closes after the frames already queued have been sent. */
    void close(int code, String reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(new Close(code, reason));
            if (sending) {
                return;
            }
            sending = true;
        }
        pump();
    }

    /**
     * Closes now, dropping what is queued: the peer has not taken a write for too long, so a close frame
     * would only wait behind it.
     */
    void abort(int code, String reason) {
        synchronized (this) {
            closed = true;
            queue.clear();
            bytes = 0;
        }
        onSenders(() -> sink.abort(code, reason));
    }

    synchronized int size() {
        return queue.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    /** When the write under way began to wait on its peer (clock millis), or -1. */
    synchronized long pendingWriteSince() {
        return waitingSince;
    }

    private void startPump() {
        onSenders(this::pump);
    }

    private void onSenders(Runnable task) {
        try {
            senders.execute(task);
        } catch (RejectedExecutionException stopping) {
            task.run(); // the node is stopping: run it from here
        }
    }

    /**
     * Sends until the queue is empty, a send completes later (its completion resumes), or this turn has written
     * {@link #TURN_CHARS} (the pump goes back on the senders' queue). Each send takes every frame queued by then,
     * up to {@link #MAX_SEND_CHARS}, where the sink writes several at once: the further a session has fallen
     * behind, the fewer writes it takes to catch up.
     */
    private void pump() {
        long turn = 0;
        while (true) {
            Object next;
            List<String> frames;
            synchronized (this) {
                if (turn >= TURN_CHARS && !queue.isEmpty()) {
                    next = null;
                } else {
                    next = queue.poll();
                    if (next == null) {
                        sending = false;
                        return;
                    }
                }
                frames = next instanceof String first ? framesFrom(first) : null;
                if (frames != null) {
                    long chars = 0;
                    for (String f : frames) {
                        chars += f.length();
                    }
                    bytes -= chars + (long) FRAME_OVERHEAD * frames.size();
                    turn += chars;
                }
            }
            if (next == null) {
                startPump(); // this turn is over: the pump (still sending) waits behind the other sessions'
                return;
            }
            if (next instanceof Close c) {
                sink.close(c.code(), c.reason());
                return;
            }
            Completion done = new Completion();
            try {
                sink.send(frames, done);
            } catch (RuntimeException e) {
                done.accept(e);
            }
            if (!done.continueHere()) {
                return;
            }
        }
    }

    /** {@code first} and the frames queued behind it that go in the same send. Called holding this. */
    private List<String> framesFrom(String first) {
        if (!sink.writesSeveral() || !(queue.peek() instanceof String)) {
            return List.of(first);
        }
        List<String> frames = new ArrayList<>();
        frames.add(first);
        int chars = first.length();
        while (queue.peek() instanceof String more && chars + more.length() <= MAX_SEND_CHARS) {
            frames.add(more);
            chars += more.length();
            queue.poll();
        }
        return frames;
    }

    private synchronized void writeWaits() {
        waitingSince = clock.getAsLong();
    }

    private synchronized void writeDone() {
        waitingSince = -1;
    }

    /**
     * A write failed: nothing more goes out, and the session is closed rather than left open and silent, with
     * 1008 like a client that does not read (PROTOCOL.md's close codes have none for a failed write).
     */
    private void failed() {
        synchronized (this) {
            closed = true;
            queue.clear();
            bytes = 0;
            sending = false;
            waitingSince = -1;
        }
        sink.close(CloseCodes.POLICY, "write failed");
    }

    /**
     * Tells the pump whether a send finished on the caller's thread, or resumes the pump when it finishes later.
     * A later completion comes on the transport's thread, inside its writer's lock: the pump (or the close after
     * a failure) resumes on {@code senders}, because a close takes the WebSocket implementation's locks in the
     * other order.
     * A completion reported twice (a transport that reports a failure after a completion that threw) counts once.
     */
    private final class Completion implements Consumer<Throwable> {
        private boolean finished;
        private boolean resumeElsewhere;
        private Throwable error;

        @Override
        public void accept(Throwable error) {
            synchronized (this) {
                if (finished) {
                    return;
                }
                finished = true;
                this.error = error;
                if (!resumeElsewhere) {
                    return;
                }
            }
            writeDone();
            onSenders(error != null ? OutboundQueue.this::failed : OutboundQueue.this::pump);
        }

        boolean continueHere() {
            synchronized (this) {
                if (!finished) {
                    resumeElsewhere = true;
                    writeWaits();
                    return false;
                }
            }
            if (error != null) {
                failed();
                return false;
            }
            return true;
        }
    }
}
