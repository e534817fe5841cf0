package dev.presence.interfaces.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The connection's sink where Tyrus's writer cannot be reached: one frame per send, through the API. */
class ApiSinkTest {

    private final List<String> texts = new ArrayList<>();
    private SendResult result = new SendResult();
    private final RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                if (method.getName().equals("sendText") && args.length == 2) {
                    texts.add((String) args[0]);
                    ((SendHandler) args[1]).onResult(result);
                    return null;
                }
                throw new UnsupportedOperationException(method.getName());
            });
    private final Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Session.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getAsyncRemote" -> remote;
                default -> throw new UnsupportedOperationException(method.getName());
            });
    private final AtomicReference<Object> outcome = new AtomicReference<>("pending");

    @Test
    void aConnectionWhoseSessionIsNotTyrusWritesThroughTheApiOneFrameASend() {
        TyrusConnection connection = new TyrusConnection(session, 10, 1 << 20, Runnable::run);

        connection.push("{\"type\":\"a\"}");
        connection.send("{\"type\":\"b\"}");

        assertEquals(List.of("{\"type\":\"a\"}", "{\"type\":\"b\"}"), texts);
        assertFalse(new TyrusConnection.ApiSink(session).writesSeveral());
    }

    @Test
    void aWrittenFrameIsReportedWritten() {
        new TyrusConnection.ApiSink(session).send(List.of("x"), e -> outcome.set(e));

        assertNull(outcome.get());
    }

    @Test
    void aFailedSendIsReportedWithItsCause() {
        IOException broken = new IOException("broken pipe");
        result = new SendResult(broken);

        new TyrusConnection.ApiSink(session).send(List.of("x"), e -> outcome.set(e));

        assertSame(broken, outcome.get());
    }
}
