package dev.presence.interfaces.socket;

import dev.presence.metrics.PresenceMeters;
import dev.presence.status.boundary.PresenceService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;

/** Holds the one stateless {@link SocketProtocol} every connection shares. */
@ApplicationScoped
public class SocketProtocolProducer {

    @Inject
    PresenceService presence;
    @Inject
    PresenceMeters meters;

    private volatile SocketProtocol protocol;

    SocketProtocol protocol() {
        SocketProtocol p = protocol;
        if (p == null) {
            ChatProtocol chat = new ChatProtocol(presence.chatSessions(), presence.messageLog(), presence.messages(),
                    presence.registry(), presence.verifier(),
                    presence.settings().grantChatAccess(), meters, Clock.systemUTC());
            p = protocol = new SocketProtocol(presence.registry(), presence.verifier(), meters, chat);
        }
        return p;
    }
}
