package dev.presence.interfaces.socket;

import dev.presence.metrics.PresenceMeters;
import dev.presence.status.boundary.PresenceService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

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
            p = protocol = new SocketProtocol(presence.registry(), presence.verifier(), meters);
        }
        return p;
    }
}
