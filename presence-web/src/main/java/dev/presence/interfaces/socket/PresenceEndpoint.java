package dev.presence.interfaces.socket;

import dev.presence.status.boundary.PresenceService;
import dev.presence.status.control.ClientSession;
import dev.presence.status.control.CloseCodes;
import dev.presence.status.control.PresenceRegistry;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * {@code ws://HOST:PORT/ws}. One instance serves every connection (see {@link Shared}); each connection's
 * {@link ClientSession} rides in its WebSocket session's user properties, and everything is delegated to
 * the node's {@link PresenceService}. Frames over 64 KiB are refused by the container with 1009, and Tyrus's
 * incoming buffer is sized to match (WEB-INF/web.xml) instead of its 4 MB default.
 */
@ServerEndpoint(value = "/ws", configurator = PresenceEndpoint.Shared.class)
public class PresenceEndpoint {

    static final int MAX_FRAME_BYTES = 64 * 1024;
    private static final String CLIENT_SESSION = ClientSession.class.getName();

    private final PresenceRegistry registry;
    private final int outboundQueueLimit;
    private final long outboundQueueBytes;
    private final Executor senders;
    private final SocketProtocolProducer protocols;

    /**
     * Takes what every connect needs from the node's {@link PresenceService} once: they are fixed for the
     * application's life, and each call through the EJB container costs an invocation (on Payara 7 also an
     * exception thrown and caught inside it), three per connect.
     */
    PresenceEndpoint(PresenceService presence, SocketProtocolProducer protocols) {
        this.registry = presence.registry();
        this.outboundQueueLimit = presence.settings().outboundQueueLimit();
        this.outboundQueueBytes = presence.settings().outboundQueueBytes();
        this.senders = presence.senders();
        this.protocols = protocols;
    }

    /**
     * Hands Tyrus the one endpoint instead of a new CDI-managed instance per connection: creating and
     * injecting one through Weld per connection dominated a connect storm's CPU (docs/PERFORMANCE.md, "Levers").
     */
    public static final class Shared extends ServerEndpointConfig.Configurator {

        private volatile PresenceEndpoint endpoint;

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            PresenceEndpoint e = endpoint;
            if (e == null) {
                synchronized (this) {
                    if (endpoint == null) {
                        endpoint = new PresenceEndpoint(CDI.current().select(PresenceService.class).get(),
                                CDI.current().select(SocketProtocolProducer.class).get());
                    }
                    e = endpoint;
                }
            }
            return endpointClass.cast(e);
        }
    }

    @OnOpen
    public void open(Session ws) {
        // The registry's heartbeat timeout decides, with its own close code. Negative, not 0: Tyrus
        // reschedules an idle-timeout task on every frame unless the timeout is below zero, and each
        // managed task captures a context by scanning the class loader.
        ws.setMaxIdleTimeout(-1);
        Optional<ClientSession> s = registry.open(new TyrusConnection(ws, outboundQueueLimit, outboundQueueBytes, senders));
        if (s.isEmpty()) {
            TyrusConnection.closeNow(ws, CloseCodes.NODE_FULL, "node full");
            return;
        }
        ws.getUserProperties().put(CLIENT_SESSION, s.get());
    }

    @OnMessage(maxMessageSize = MAX_FRAME_BYTES)
    public void text(String text, Session ws) {
        ClientSession session = clientSession(ws);
        if (session != null) {
            protocols.protocol().onText(session, text);
        }
    }

    @OnMessage(maxMessageSize = MAX_FRAME_BYTES)
    public void binary(ByteBuffer bytes, Session ws) {
        ClientSession session = clientSession(ws);
        if (session != null) {
            protocols.protocol().onBinary(session);
        }
    }

    @OnClose
    public void close(Session ws, CloseReason reason) {
        ClientSession session = clientSession(ws);
        if (session != null) {
            registry.ended(session);
        }
    }

    @OnError
    public void error(Throwable error) {
        // Tyrus closes the session after reporting; @OnClose ends it in the registry.
    }

    private static ClientSession clientSession(Session ws) {
        return (ClientSession) ws.getUserProperties().get(CLIENT_SESSION);
    }
}
