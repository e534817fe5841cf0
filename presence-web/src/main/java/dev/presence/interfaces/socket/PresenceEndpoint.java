package dev.presence.interfaces.socket;

import dev.presence.status.boundary.PresenceService;
import dev.presence.status.control.ClientSession;
import dev.presence.status.control.CloseCodes;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * {@code ws://HOST:PORT/ws}. One instance per connection; everything it does is delegated to the
 * node's {@link PresenceService}. Frames over 64 KiB are refused by the container with 1009.
 */
@ServerEndpoint("/ws")
public class PresenceEndpoint {

    static final int MAX_FRAME_BYTES = 64 * 1024;

    @Inject
    PresenceService presence;
    @Inject
    SocketProtocolProducer protocols;

    private ClientSession session;

    @OnOpen
    public void open(Session ws) {
        // The registry's heartbeat timeout decides, with its own close code. Negative, not 0: Tyrus
        // reschedules an idle-timeout task on every frame unless the timeout is below zero, and each
        // managed task captures a context by scanning the class loader.
        ws.setMaxIdleTimeout(-1);
        Optional<ClientSession> s = presence.registry().open(
                new TyrusConnection(ws, presence.settings().outboundQueueLimit()));
        if (s.isEmpty()) {
            TyrusConnection.closeNow(ws, CloseCodes.NODE_FULL, "node full");
            return;
        }
        session = s.get();
    }

    @OnMessage(maxMessageSize = MAX_FRAME_BYTES)
    public void text(String text) {
        if (session != null) {
            protocols.protocol().onText(session, text);
        }
    }

    @OnMessage(maxMessageSize = MAX_FRAME_BYTES)
    public void binary(ByteBuffer bytes) {
        if (session != null) {
            protocols.protocol().onBinary(session);
        }
    }

    @OnClose
    public void close(CloseReason reason) {
        if (session != null) {
            presence.registry().ended(session);
        }
    }

    @OnError
    public void error(Throwable error) {
        // Tyrus closes the session after reporting; @OnClose ends it in the registry.
    }
}
