package dev.presence.auth.control;

import dev.presence.status.control.PresenceSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The settings that open a node up, named in one WARNING at start: development login, anonymous reads and
 * open chat access. A node runs with them on purpose (the development mode of {@code presence serve}, a
 * public chat) or by mistake; either way its log says so.
 */
public final class SecurityWarnings {

    private static final Logger LOG = Logger.getLogger(SecurityWarnings.class.getName());

    private SecurityWarnings() {
    }

    /** Logs the warning when any such setting is in effect, and nothing otherwise. */
    public static void log(PresenceSettings settings) {
        message(settings).ifPresent(LOG::warning);
    }

    /** The warning for these settings, or empty when none of them weakens the node. */
    public static Optional<String> message(PresenceSettings settings) {
        List<String> open = new ArrayList<>();
        if (settings.devLogin()) {
            open.add("presence.dev-login=true (POST /api/dev/token signs a token for any user, presence-admin included,"
                    + " for anyone who reaches this node)");
        }
        if (settings.anonymousReads()) {
            open.add("presence.rest.anonymous-reads=true (statuses, the online list and, with open chat access,"
                    + " chat-session members and messages are readable without a token)");
        }
        if (!settings.grantChatAccess()) {
            open.add("presence.chat-access=open (any signed-in user may join any chat session and read its messages)");
        }
        if (open.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("this node runs with settings that weaken its security: " + String.join("; ", open)
                + ". A deployment sets presence.dev-login=false, presence.rest.anonymous-reads=false and"
                + " presence.chat-access=grant.");
    }
}
