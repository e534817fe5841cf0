package dev.presence.interfaces.container;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.Writer;

/** A connection's writer as Tyrus sees it: keeps each write and its completion handler, and whether it was closed. */
public final class RecordingWriter extends Writer {

    public final List<ByteBuffer> writes = new ArrayList<>();
    public final List<CompletionHandler<ByteBuffer>> handlers = new ArrayList<>();
    public boolean closed;

    @Override
    public void write(ByteBuffer buffer, CompletionHandler<ByteBuffer> handler) {
        writes.add(buffer);
        handlers.add(handler);
    }

    @Override
    public void close() {
        closed = true;
    }
}
