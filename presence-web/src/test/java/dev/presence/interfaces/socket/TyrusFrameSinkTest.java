package dev.presence.interfaces.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.interfaces.container.RecordingWriter;
import dev.presence.interfaces.container.TyrusWriter;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TyrusFrameSinkTest {

    private final RecordingWriter writer = new RecordingWriter();
    private boolean open = true;
    private final List<String> closes = new ArrayList<>();
    private final Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Session.class}, (proxy, method, args) -> switch (method.getName()) {
                case "isOpen" -> open;
                case "close" -> closes.add(((CloseReason) args[0]).getCloseCode().getCode() + "");
                default -> throw new UnsupportedOperationException(method.getName());
            });
    private final AtomicReference<Object> outcome = new AtomicReference<>("pending");

    private void send(List<String> frames) {
        new TyrusFrameSink(session, new TyrusWriter(writer)).send(frames, e -> outcome.set(e == null ? "written" : e));
    }

    @Test
    void theFramesOfASendGoInOneWriteAndCompleteWhenTheWriterDoes() {
        send(List.of("{\"a\":1}", "{\"b\":2}", "{\"c\":3}"));

        assertEquals(1, writer.writes.size());
        assertEquals(List.of("{\"a\":1}", "{\"b\":2}", "{\"c\":3}"), TextFramesTest.decode(writer.writes.getFirst()));
        assertEquals("pending", outcome.get(), "not reported before the writer completes");
        writer.handlers.getFirst().completed(writer.writes.getFirst());
        assertEquals("written", outcome.get());
    }

    @Test
    void aFailedWriteIsReportedWithItsCause() {
        IllegalStateException broken = new IllegalStateException("broken pipe");
        send(List.of("x"));
        writer.handlers.getFirst().failed(broken);
        assertSame(broken, outcome.get());
    }

    @Test
    void nothingIsWrittenToAClosedSession() {
        open = false;
        send(List.of("x"));
        assertTrue(writer.writes.isEmpty(), "no data frame after the close frame");
        assertTrue(outcome.get() instanceof Throwable);
    }

    @Test
    void nothingIsWrittenAfterOurOwnClose() {
        TyrusFrameSink sink = new TyrusFrameSink(session, new TyrusWriter(writer));
        sink.close(1008, "client does not read its frames");
        sink.send(List.of("x"), e -> outcome.set(e == null ? "written" : e));
        assertEquals(List.of("1008"), closes);
        assertTrue(writer.writes.isEmpty(), "the close frame stays the last frame");
        assertTrue(outcome.get() instanceof Throwable);
    }
}
