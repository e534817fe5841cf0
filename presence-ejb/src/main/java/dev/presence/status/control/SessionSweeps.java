package dev.presence.status.control;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the node's timers do to its sessions: the once-a-second sweep (heartbeats, stuck writes, token
 * expiry) and closing every session at once (a graceful stop, a lost lease).
 */
final class SessionSweeps {

    /** How the registry ends a session: closed with a code after its queued frames, or dropped now. */
    interface Ender {
        void end(ClientSession s, int code, String reason);

        void ended(ClientSession s);
    }

    private final Clock clock;
    private final PresenceSettings settings;
    private final Sessions sessions;
    private final TokenLifetime tokens;
    private final Ender ender;

    SessionSweeps(Clock clock, PresenceSettings settings, Sessions sessions, TokenLifetime tokens, Ender ender) {
        this.clock = clock;
        this.settings = settings;
        this.sessions = sessions;
        this.tokens = tokens;
        this.ender = ender;
    }

    /** See {@link PresenceRegistry#closeSilentSessions}. */
    void sweep() {
        long now = clock.millis();
        long timeout = settings.sessionTimeout().toMillis();
        long writeTimeout = settings.writeTimeout().toMillis();
        for (ClientSession s : sessions.all()) {
            long writing = s.connection().pendingWriteSince();
            if (writing >= 0 && now - writing > writeTimeout) {
                s.connection().abort(CloseCodes.POLICY, "a write did not finish in " + writeTimeout + " ms");
                ender.ended(s);
            } else if (s.isAuthenticated() && now - s.lastActivity() > timeout) {
                ender.end(s, CloseCodes.HEARTBEAT_TIMEOUT, "no frame for " + timeout + " ms");
            } else {
                tokens.check(s);
            }
        }
    }

    /**
     * Closes every session with {@code code} (marked {@code detached}: they end without touching the
     * directory) and waits up to 10 s for their users' transitions to run: a stop's last flush follows.
     */
    void closeAll(int code, String reason, boolean detached) {
        Set<UserPresence> affected = new HashSet<>();
        for (ClientSession s : List.copyOf(sessions.all())) {
            if (s.user() != null) {
                affected.add(s.user());
            }
            if (detached) {
                s.detach();
            }
            ender.end(s, code, reason);
        }
        CountDownLatch settled = new CountDownLatch(affected.size());
        affected.forEach(u -> u.lane().run(settled::countDown));
        try {
            settled.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
