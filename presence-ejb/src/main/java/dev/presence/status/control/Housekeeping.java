package dev.presence.status.control;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the node's timers do to its sessions and users: due deadlines and authentication timeouts (every
 * tick), the once-a-second sweep (heartbeats, stuck writes, token expiry), evicting unused offline users,
 * and closing sessions in bulk (an operator's kick, a graceful stop, a lost lease). The EJB around the
 * registry owns the timers; this class owns what they do.
 */
public final class Housekeeping {

    /** How the registry ends a session: closed with a code after its queued frames, or dropped now. */
    interface Ender {
        void end(ClientSession s, int code, String reason);

        void ended(ClientSession s);
    }

    private final Clock clock;
    private final PresenceSettings settings;
    private final Sessions sessions;
    private final UserTable users;
    private final Interests interests;
    private final PresenceStore store;
    private final Deadlines deadlines;
    private final TokenLifetime tokens;
    private final Ender ender;
    private volatile boolean stopping;
    private volatile boolean refusingNewSessions;

    Housekeeping(Clock clock, PresenceSettings settings, Sessions sessions, UserTable users, Interests interests,
                 PresenceStore store, Deadlines deadlines, TokenLifetime tokens, Ender ender) {
        this.clock = clock;
        this.settings = settings;
        this.sessions = sessions;
        this.users = users;
        this.interests = interests;
        this.store = store;
        this.deadlines = deadlines;
        this.tokens = tokens;
        this.ender = ender;
    }

    /** Whether new sessions are admitted: not while stopping, nor while the node is near its open-file limit. */
    boolean admitting() {
        return !stopping && !refusingNewSessions;
    }

    boolean stopping() {
        return stopping;
    }

    /** Set by the housekeeping timer while the process is close to its open-file limit. */
    public void refuseNewSessions(boolean refuse) {
        refusingNewSessions = refuse;
    }

    /** Runs due deadlines (offline graces, typing) and closes sessions past the authentication timeout (4401). */
    public void tick() {
        long now = clock.millis();
        deadlines.runDue(now);
        sessions.authTimeouts(now, s -> ender.end(s, CloseCodes.AUTHENTICATION, "authentication timeout"));
    }

    /** Offline users nobody here has used for {@code presence.offline-user-ttl-ms} leave memory; returns how many. */
    public int evictUnusedUsers() {
        return users.evictUnused(settings.offlineUserTtl().toMillis(),
                id -> interests.keepsInMemory(id) || store.pending(id), interests::forget);
    }

    /** Closes every session of a user on this node with {@code code}; returns how many. */
    public int closeUser(String userId, int code, String reason) {
        UserPresence u = users.peek(userId);
        if (u == null) {
            return 0;
        }
        List<ClientSession> victims = u.sessions();
        victims.forEach(s -> ender.end(s, code, reason));
        return victims.size();
    }

    /**
     * Graceful stop: refuses new sessions and closes every session with 1001. Users go offline at once
     * (no grace: the node is leaving); returns once their final states are queued for the last flush.
     */
    public void stop() {
        stopping = true;
        closeAll(CloseCodes.GOING_AWAY, "server shutting down", false);
    }

    /**
     * This node was declared dead while it could not renew its lease (a long pause): the rest of the
     * cluster has already taken its users offline. Its sessions are closed with 1001 (as at a restart) so
     * that their clients reconnect and register afresh; they end without touching the directory, so nothing
     * stale comes back.
     */
    public void detach() {
        closeAll(CloseCodes.GOING_AWAY, "this node lost its lease; reconnect", true);
        for (UserPresence u : users.all()) {
            u.lane().run(() -> u.graceEndsAt(-1));
        }
    }

    /**
     * Once a second, over every live session: closes an authenticated session with no frame for
     * {@code presence.session-timeout-ms} (4408), a session whose write has waited on its peer for
     * {@code presence.write-timeout-ms} (1008, at once: a close frame would only queue behind the write that does
     * not finish), and one still on an expired token (4401); sends {@code token-expiring} when it is due.
     */
    public void closeSilentSessions() {
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
    private void closeAll(int code, String reason, boolean detached) {
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
