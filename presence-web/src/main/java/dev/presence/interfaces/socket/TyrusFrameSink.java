package dev.presence.interfaces.socket;

import dev.presence.interfaces.container.TyrusWriter;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes a session's outbound frames straight to Tyrus's connection writer ({@link TyrusWriter}), all the
 * frames a send is given in one write. Through the WebSocket API each frame costs its own call down Tyrus
 * and Grizzly: a UTF-8 encoder, a buffer, a flush through the filter chain and a system call, and Tyrus
 * ignores the API's batching hint ({@code setBatchingAllowed} does nothing). Here a session that has fallen
 * behind, a member of a busy chat session say, gets everything queued for it in one write.
 */
final class TyrusFrameSink implements OutboundQueue.Sink {

    private final Session session;
    private final TyrusWriter writer;
    /** Set by our own close: sends after it are refused. Guarded by this. */
    private boolean closed;

    TyrusFrameSink(Session session, TyrusWriter writer) {
        this.session = session;
        this.writer = writer;
    }

    @Override
    public boolean writesSeveral() {
        return true;
    }

    /**
     * Holds {@code this} while it hands the buffer to the writer (which writes it, or queues it when the client
     * is not reading, without waiting), so a close of ours comes before or after a whole send, never between its
     * check and its write.
     */
    @Override
    public void send(List<String> frames, Consumer<Throwable> done) {
        ByteBuffer buffer = TextFrames.encode(frames);
        synchronized (this) {
            if (closed || !session.isOpen()) { // no data frame may follow the close frame
                done.accept(new IOException("the session is closed"));
                return;
            }
            writer.write(buffer, done);
        }
    }

    @Override
    public void close(int code, String reason) {
        synchronized (this) {
            closed = true;
        }
        TyrusConnection.closeNow(session, code, reason);
    }

    /**
     * The close frame queues behind the write that does not finish, so the connection is dropped too: the
     * writer's close closes the servlet container's connection.
     */
    @Override
    public void abort(int code, String reason) {
        close(code, reason);
        writer.close();
    }
}
