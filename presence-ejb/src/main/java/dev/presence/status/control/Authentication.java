package dev.presence.status.control;

import java.time.Instant;

/**
 * Binding a session to a verified user (PROTOCOL.md §1) and keeping it bound while its token lives (§5):
 * the per-user cap, the reply, then the user's change, on the user's lane.
 */
public final class Authentication {

    private final PresenceSettings settings;
    private final PresenceMetrics metrics;
    private final Sessions sessions;
    private final UserTransitions transitions;
    private final TokenLifetime tokens;
    private final PresenceReads reads;
    private final Housekeeping.Ender ender;

    Authentication(PresenceSettings settings, PresenceMetrics metrics, Sessions sessions, UserTransitions transitions,
                   TokenLifetime tokens, PresenceReads reads, Housekeeping.Ender ender) {
        this.settings = settings;
        this.metrics = metrics;
        this.sessions = sessions;
        this.transitions = transitions;
        this.tokens = tokens;
        this.reads = reads;
        this.ender = ender;
    }

    /**
     * Binds an open session to a verified user. The session gets {@code authentication-success} (carrying
     * {@code ref}) before the user's online change reaches anyone, itself included; or, for a user already
     * at the per-user cap, {@code authentication-error too-many-sessions} and close 4429.
     */
    public void authenticate(ClientSession s, Identity identity, String ref) {
        authenticate(s, identity, Instant.MAX, ref);
    }

    /**
     * As {@link #authenticate(ClientSession, Identity, String)}, for a token expiring at {@code expiresAt}:
     * the session gets {@code token-expiring} before it and is closed with 4401 once it has passed, unless
     * the client refreshes ({@link #refreshed}).
     */
    public void authenticate(ClientSession s, Identity identity, Instant expiresAt, String ref) {
        if (s.isAuthenticated()) {
            throw new IllegalStateException("already authenticated");
        }
        transitions.onUser(identity.userId(), u -> bind(s, u, expiresAt, ref));
    }

    /** {@code refresh-token} with a valid token of the session's user: it now lives until {@code expiresAt}. */
    public void refreshed(ClientSession s, Instant expiresAt, String ref) {
        s.send(Frames.tokenRefreshed(ref, expiresAt));
        tokens.holds(s, expiresAt);
    }

    /** On u's lane: the per-user cap, the binding, the reply, then the user's change. */
    private void bind(ClientSession s, UserPresence u, Instant expiresAt, String ref) {
        int max = settings.maxSessionsPerUser();
        if (Math.max(u.sessions().size(), u.state().sessions()) >= max) {
            metrics.authenticated(false);
            s.send(Frames.authenticationError(ref, "too-many-sessions", "this user already has " + max + " live sessions"));
            ender.end(s, CloseCodes.TOO_MANY_SESSIONS, "too many sessions");
            return;
        }
        UserTransitions.Binding binding = transitions.bind(s, u);
        if (!binding.bound()) {
            return;
        }
        sessions.authenticated(s);
        s.send(Frames.authenticationSuccess(ref, u.userId(), s.id(), u.view(true), reads.onlineCount(),
                settings.advertisedHeartbeat().toMillis()));
        metrics.authenticated(true);
        if (!expiresAt.equals(Instant.MAX)) {
            tokens.holds(s, expiresAt);
        }
        transitions.announceBound(u, binding);
    }
}
