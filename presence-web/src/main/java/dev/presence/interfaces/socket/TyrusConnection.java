package dev.presence.interfaces.socket;

import dev.presence.status.control.Connection;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** A registry {@link Connection} over a JSR-356 session, with a bounded asynchronous outbound queue. */
final class TyrusConnection implements Connection {

    private final OutboundQueue queue;

    TyrusConnection(Session session, int queueLimit, Executor senders) {
        this.queue = new OutboundQueue(new OutboundQueue.Sink() {
            @Override
            public void send(String frame, Consumer<Throwable> done) {
                try {
                    session.getAsyncRemote().sendText(frame, r -> done.accept(r.isOK() ? null : r.getException()));
                } catch (RuntimeException e) {
                    done.accept(e);
                }
            }

            @Override
            public void close(int code, String reason) {
                closeNow(session, code, reason);
            }
        }, queueLimit, senders);
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
