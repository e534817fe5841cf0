package dev.presence.interfaces.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.glassfish.tyrus.core.RequestContext;
import org.glassfish.tyrus.core.TyrusUpgradeResponse;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.WebSocketEngine;
import org.junit.jupiter.api.Test;

class TyrusWriterTest {

    /** The endpoint of the Tyrus engine below: keeps the session it was opened with. */
    public static final class Opened extends Endpoint {
        static final AtomicReference<Session> SESSION = new AtomicReference<>();

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            SESSION.set(session);
        }
    }

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

    /**
     * A session of the Tyrus Payara ships, opened by its engine over a connection whose writer is ours, the way
     * Payara's servlet container gives Tyrus its own: the path {@link TyrusWriter#of} takes leads to that writer.
     */
    @Test
    void inPayarasTyrusASessionsConnectionWriterIsReachedAndWrittenTo() throws Exception {
        TyrusServerContainer container = new TyrusServerContainer(Set.<Class<?>>of()) {
            @Override
            public void register(Class<?> endpointClass) {
            }

            @Override
            public void register(ServerEndpointConfig serverEndpointConfig) {
            }

            @Override
            public WebSocketEngine getWebSocketEngine() {
                return null;
            }

            @Override
            public Map<String, Object> getProperties() {
                return Map.of();
            }
        };
        try {
            TyrusWebSocketEngine engine = TyrusWebSocketEngine.builder(container).build();
            engine.register(ServerEndpointConfig.Builder.create(Opened.class, "/ws").build(), "");
            RequestContext request = RequestContext.Builder.create().requestURI(URI.create("/ws")).build();
            request.getHeaders().put("Host", List.of("localhost"));
            request.getHeaders().put("Upgrade", List.of("websocket"));
            request.getHeaders().put("Connection", List.of("Upgrade"));
            request.getHeaders().put("Sec-WebSocket-Key", List.of("dGhlIHNhbXBsZSBub25jZQ=="));
            request.getHeaders().put("Sec-WebSocket-Version", List.of("13"));
            WebSocketEngine.UpgradeInfo upgrade = engine.upgrade(request, new TyrusUpgradeResponse());
            assertEquals(WebSocketEngine.UpgradeStatus.SUCCESS, upgrade.getStatus());
            RecordingWriter transport = new RecordingWriter();
            Connection connection = upgrade.createConnection(transport, reason -> { });

            TyrusWriter writer = TyrusWriter.of(Opened.SESSION.get());

            assertNotNull(writer, "Tyrus's writer moved: TyrusWriter must follow it, or frames go through the API");
            assertSame(transport, writer.writer());
            ByteBuffer frames = ByteBuffer.wrap(new byte[] {(byte) 0x81, 1, 'a', (byte) 0x81, 1, 'b'});
            AtomicReference<Object> outcome = new AtomicReference<>("pending");
            writer.write(frames, e -> outcome.set(e == null ? "written" : e));
            assertEquals(List.of(frames), transport.writes, "both frames in one write, as they were given");
            assertEquals("pending", outcome.get());
            transport.handlers.getFirst().completed(frames);
            assertEquals("written", outcome.get());
            writer.close();
            assertTrue(transport.closed);
            connection.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "done"));
        } finally {
            container.shutdown();
        }
    }
}
