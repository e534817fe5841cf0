package dev.presence.interfaces.socket;

import dev.presence.interfaces.container.GrizzlyWriteQueue;
import dev.presence.interfaces.container.TyrusWriter;
import dev.presence.status.control.Connection;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * A registry {@link Connection} over a JSR-356 session, with a bounded asynchronous outbound queue. Frames go
 * to Tyrus's connection writer where it can be reached ({@link TyrusWriter}, {@link TyrusFrameSink}), else
 * through the API.
 */
final class TyrusConnection implements Connection {

    private static final Logger LOG = Logger.getLogger(TyrusConnection.class.getName());
    /** Whether Tyrus's writer was reachable, logged once. */
    private static final AtomicBoolean REPORTED = new AtomicBoolean();
    /** Tyrus's writer types, absent on another WebSocket implementation: not tried again once missing. */
    private static volatile boolean tyrusMissing;

    private final OutboundQueue queue;

    TyrusConnection(Session session, int queueLimit, long queueBytes, Executor senders) {
        this(new OutboundQueue(sink(session, queueBytes), queueLimit, queueBytes, senders, System::currentTimeMillis));
    }

    /** A connection over any transport the queue writes to (tests use their own). */
    TyrusConnection(OutboundQueue queue) {
        this.queue = queue;
    }

    /** Tyrus's writer where it can be reached (its container's write queue bounded too), else the API. */
    private static OutboundQueue.Sink sink(Session session, long queueBytes) {
        TyrusWriter writer = null;
        if (!tyrusMissing) {
            try {
                writer = TyrusWriter.of(session);
            } catch (LinkageError e) {
                tyrusMissing = true;
            }
        }
        if (writer != null) {
            GrizzlyWriteQueue.limit(writer, (int) Math.min(Integer.MAX_VALUE, queueBytes));
        }
        if (REPORTED.compareAndSet(false, true)) {
            if (writer != null) {
                LOG.info("outbound frames: written to Tyrus's connection writer, several per write");
            } else if (session.getClass().getName().startsWith("org.glassfish.tyrus.")) {
                LOG.warning("outbound frames: sent through the WebSocket API, one per write: this Tyrus has no "
                        + "webSocket.protocolHandler.writer to reach (a version this code does not know)");
            } else {
                LOG.info("outbound frames: sent through the WebSocket API, one per write");
            }
        }
        return writer != null ? new TyrusFrameSink(session, writer) : new ApiSink(session);
    }

    /** One frame per send through the WebSocket API. */
    record ApiSink(Session session) implements OutboundQueue.Sink {
        @Override
        public boolean writesSeveral() {
            return false;
        }

        @Override
        public void send(List<String> frames, Consumer<Throwable> done) {
            session.getAsyncRemote().sendText(frames.getFirst(), r -> done.accept(r.isOK() ? null : r.getException()));
        }

        @Override
        public void close(int code, String reason) {
            closeNow(session, code, reason);
        }
    }

    @Override
    public void send(String frame) {
        queue.send(frame);
    }

    @Override
    public void push(String frame) {
        queue.push(frame);
    }

    /** Closes once the frames queued before it have been sent. */
    @Override
    public void close(int code, String reason) {
        queue.close(code, reason);
    }

    @Override
    public void abort(int code, String reason) {
        queue.abort(code, reason);
    }

    @Override
    public long pendingWriteSince() {
        return queue.pendingWriteSince();
    }

    static void closeNow(Session session, int code, String reason) {
        try {
            if (session.isOpen()) {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
            }
        } catch (IOException | RuntimeException e) {
            // the peer is gone already: the close callback ends the session either way
        }
    }
}
