package dev.presence.interfaces.socket;

import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.Writer;

/**
 * Writes a session's outbound frames straight to Tyrus's connection writer, all the frames a send is given in
 * one write. Through the WebSocket API each frame costs its own call down Tyrus and Grizzly: a UTF-8 encoder,
 * a buffer, a flush through the filter chain and a system call (about 20 µs), and Tyrus ignores the API's
 * batching hint ({@code setBatchingAllowed} does nothing). Here a session that has fallen behind, a member of
 * a busy chat session say, gets everything queued for it in one write.
 * <p>
 * The writer is Tyrus's internal state, reached by reflection ({@code TyrusRemoteEndpoint.webSocket},
 * {@code TyrusWebSocket.protocolHandler}, {@code ProtocolHandler.writer}). It serialises whole buffers, so
 * Tyrus's own pongs and close frames never split one of these. Where that path is not there (another
 * WebSocket implementation, another Tyrus), {@link #of} answers null and the connection uses the API.
 */
final class TyrusFrameSink implements OutboundQueue.Sink {

    /** The three fields, found on the first session's objects; an empty array once they were not found. */
    private static volatile Field[] path;

    private final Session session;
    private final Writer writer;
    /** Set by our own close: sends after it are refused. Guarded by this. */
    private boolean closed;

    TyrusFrameSink(Session session, Writer writer) {
        this.session = session;
        this.writer = writer;
    }

    /** This session's sink, or null where Tyrus's writer cannot be reached. */
    static TyrusFrameSink of(Session session) {
        try {
            Object remote = session.getAsyncRemote();
            Field[] fields = path;
            if (fields == null) {
                fields = find(remote);
                path = fields;
            }
            if (fields.length == 0) {
                return null;
            }
            Object handler = fields[1].get(fields[0].get(remote));
            return fields[2].get(handler) instanceof Writer w ? new TyrusFrameSink(session, w) : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Field[] find(Object remote) {
        try {
            Field webSocket = ContainerReflection.field(remote.getClass(), "webSocket");
            Object ws = webSocket.get(remote);
            Field protocolHandler = ContainerReflection.field(ws.getClass(), "protocolHandler");
            Field writer = ContainerReflection.field(protocolHandler.get(ws).getClass(), "writer");
            return new Field[] {webSocket, protocolHandler, writer};
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new Field[0];
        }
    }


    Writer writer() {
        return writer;
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
            writer.write(buffer, new CompletionHandler<>() {
                @Override
                public void completed(ByteBuffer written) {
                    done.accept(null);
                }

                @Override
                public void failed(Throwable error) {
                    done.accept(error);
                }

                @Override
                public void cancelled() {
                    done.accept(new CancellationException("write cancelled"));
                }
            });
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
        try {
            writer.close();
        } catch (IOException | RuntimeException e) {
            // gone already
        }
    }
}
