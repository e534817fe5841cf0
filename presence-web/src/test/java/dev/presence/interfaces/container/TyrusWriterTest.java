package dev.presence.interfaces.container;

import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class TyrusWriterTest {

    /** Another implementation's remote endpoint: it has no Tyrus writer behind it. */
    private final RemoteEndpoint.Async otherRemote = (RemoteEndpoint.Async) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                throw new UnsupportedOperationException(method.getName());
            });
    private final Session otherSession = (Session) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Session.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getAsyncRemote" -> otherRemote;
                default -> throw new UnsupportedOperationException(method.getName());
            });

    @Test
    void aSessionOfAnotherImplementationHasNoWriterSoTheApiIsUsed() {
        assertNull(TyrusWriter.of(otherSession)); // its remote endpoint has no webSocket, protocolHandler or writer
    }
}
