package dev.presence.testing;

import dev.presence.status.control.ClientSession;
import dev.presence.status.control.Identity;
import dev.presence.status.control.PresenceRegistry;
import java.util.Set;

/** One client session of a test (a browser tab, a device) and the connection that records what it was sent. */
public record Tab(ClientSession session, RecordingConnection connection) {

    /** A session of {@code userId} opened on {@code registry} and authenticated (with ref "r"), as a client does first. */
    public static Tab signedIn(PresenceRegistry registry, String userId) {
        RecordingConnection c = new RecordingConnection();
        ClientSession s = registry.open(c).orElseThrow();
        registry.authentication().authenticate(s, new Identity(userId, Set.of()), "r");
        return new Tab(s, c);
    }
}
