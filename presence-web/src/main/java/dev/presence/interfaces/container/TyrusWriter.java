package dev.presence.interfaces.container;

import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.Writer;

/**
 * A session's connection writer inside Tyrus: below the WebSocket API, it takes a buffer of whole frames
 * already encoded, so one write can carry several (the API takes one frame per call, and Tyrus ignores its
 * batching hint). It serialises whole buffers, so Tyrus's own pongs and close frames never split one.
 * <p>
 * Reached by reflection ({@code TyrusRemoteEndpoint.webSocket}, {@code TyrusWebSocket.protocolHandler},
 * {@code ProtocolHandler.writer}), checked against Payara 7.2026.11 (Tyrus 2.2.2). Where that path is not
 * there (another WebSocket implementation, another Tyrus), {@link #of} answers null and the caller uses the
 * API; where Tyrus's SPI is not there at all, using this class throws a {@link LinkageError}.
 */
public final class TyrusWriter {

    /**
     * The three fields, found on the first session's objects and kept for its type of remote endpoint (a
     * server has one); none where they were not found.
     */
    private record Path(Class<?> remoteType, Field[] fields) {
    }

    private static volatile Path path;

    private final Writer writer;

    /** Over a writer of Tyrus's SPI (tests give their own). */
    public TyrusWriter(Writer writer) {
        this.writer = writer;
    }

    /** This session's writer, or null where Tyrus's writer cannot be reached. */
    public static TyrusWriter of(Session session) {
        try {
            Object remote = session.getAsyncRemote();
            Path p = path;
            if (p == null || p.remoteType() != remote.getClass()) {
                p = new Path(remote.getClass(), find(remote));
                path = p;
            }
            Field[] fields = p.fields();
            if (fields.length == 0) {
                return null;
            }
            Object handler = fields[1].get(fields[0].get(remote));
            return fields[2].get(handler) instanceof Writer w ? new TyrusWriter(w) : null;
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

    /** Tyrus's writer itself, for the adapters that reach further down (the servlet container's connection). */
    Writer writer() {
        return writer;
    }

    /**
     * Hands the buffer to the writer, which writes it, or queues it when the client is not reading, without
     * waiting; {@code done} is told once, with null when it is written.
     */
    public void write(ByteBuffer buffer, Consumer<Throwable> done) {
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

    /** Closes the servlet container's connection under the writer, whatever is being written to it. */
    public void close() {
        try {
            writer.close();
        } catch (IOException | RuntimeException e) {
            // gone already
        }
    }
}
