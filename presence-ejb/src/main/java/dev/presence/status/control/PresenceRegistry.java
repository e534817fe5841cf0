package dev.presence.status.control;

import dev.presence.status.entity.Status;
import dev.presence.status.entity.StatusView;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Who is online on this node, and who wants to know: the facade the edges call, over {@link Sessions}
 * (admission), {@link UserTable} (users in memory, the online list) and {@link Interests} (audiences).
 * Plain Java with an injected clock: the EJB around it adds only lifecycle and timers.
 *
 * <p>Concurrency: no lock is held while another session, the data grid or the database is touched. Each
 * user's transitions run one at a time on the user's {@link Lane}: the decision, the directory's change,
 * the database write (queued) and the fan-out, in that order, so a user's events leave in order. Fan-out
 * only enqueues on each recipient's bounded queue; a recipient that overflows is closed by the transport's
 * own threads, never from inside a transition.
 */
public final class PresenceRegistry {

    /** Ids the database said it never saw are remembered this long, at most this many. */
    static final int NEVER_SEEN_CAPACITY = 100_000;
    static final long NEVER_SEEN_TTL_MILLIS = 60_000;
    /** PROTOCOL.md §1: the clock skew a token's {@code exp} is allowed. */
    static final long TOKEN_SKEW_MILLIS = 60_000;

    private final Clock clock;
    private final PresenceSettings settings;
    private final PresenceStore store;
    private final PresenceMetrics metrics;
    private final String nodeId;
    private final Sessions sessions;
    private final UserTable users;
    private final Interests interests = new Interests();
    private final UserTransitions transitions;
    private final List<SessionEndListener> endListeners = new CopyOnWriteArrayList<>();
    private final Deadlines deadlines = new Deadlines();
    private final TokenLifetime tokens;
    private final SessionSweeps sweeps;
    private volatile boolean stopping;
    private volatile boolean refusingNewSessions;

    /**
     * Told of every change of a user's state this node takes (its own and, in a cluster, the others'), in
     * the user's order, on the user's lane: it must not block.
     */
    @FunctionalInterface
    public interface ChangeListener {
        void changed(UserState before, UserState after);
    }

    /** Told when a session ends, before the user's presence changes: chat sessions drop its memberships. */
    @FunctionalInterface
    public interface SessionEndListener {
        void sessionEnded(ClientSession session);
    }

    public PresenceRegistry(Clock clock, PresenceSettings settings, PresenceStore store, PresenceMetrics metrics,
                            String nodeId) {
        this(clock, settings, store, metrics, nodeId, new LocalDirectory());
    }

    public PresenceRegistry(Clock clock, PresenceSettings settings, PresenceStore store, PresenceMetrics metrics,
                            String nodeId, PresenceDirectory directory) {
        this.clock = clock;
        this.settings = settings;
        this.store = store;
        this.metrics = metrics;
        this.nodeId = nodeId;
        this.sessions = new Sessions(nodeId, settings.maxSessions(), settings.maxUnauthenticated(),
                settings.authTimeout().toMillis());
        this.users = new UserTable(directory, new UserLoader(store, clock, NEVER_SEEN_CAPACITY, NEVER_SEEN_TTL_MILLIS), clock);
        this.transitions = new UserTransitions(clock, settings, store, metrics, nodeId, directory.statesPersistedElsewhere(),
                users, interests, deadlines, () -> stopping);
        this.tokens = new TokenLifetime(clock, settings.tokenRefreshNotice().toMillis(),
                TOKEN_SKEW_MILLIS, s -> end(s, CloseCodes.AUTHENTICATION, "token expired"));
        this.sweeps = new SessionSweeps(clock, settings, sessions, tokens, new SessionSweeps.Ender() {
            @Override
            public void end(ClientSession s, int code, String reason) {
                PresenceRegistry.this.end(s, code, reason);
            }

            @Override
            public void ended(ClientSession s) {
                PresenceRegistry.this.ended(s);
            }
        });
    }

    public PresenceSettings settings() {
        return settings;
    }

    public String nodeId() {
        return nodeId;
    }

    public Deadlines deadlines() {
        return deadlines;
    }

    /** Adds an audience (a chat session's co-members) to every later status change. */
    public void addAudience(Audience audience) {
        interests.add(audience);
    }

    public void addSessionEndListener(SessionEndListener listener) {
        endListeners.add(listener);
    }

    public void addChangeListener(ChangeListener listener) {
        transitions.listeners.add(listener);
    }

    // ------------------------------------------------------------------ session lifecycle

    /**
     * A connection was opened. Returns empty when the node is full, its share of unauthenticated sessions
     * is taken, or it is refusing new sessions: the caller closes it with 1013.
     */
    public Optional<ClientSession> open(Connection connection) {
        if (stopping || refusingNewSessions) {
            return Optional.empty();
        }
        long now = clock.millis();
        return sessions.admit(connection, now, new RateBucket(settings.rateLimit(), settings.rateBurst(), now),
                new ReplyBudget(settings.replyBytesPerSecond(), settings.replyBytesBurst(), clock::millis));
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
            end(s, CloseCodes.TOO_MANY_SESSIONS, "too many sessions");
            return;
        }
        UserTransitions.Binding binding = transitions.bind(s, u);
        if (!binding.bound()) {
            return;
        }
        sessions.authenticated(s);
        s.send(Frames.authenticationSuccess(ref, u.userId(), s.id(), u.view(true), onlineCount(),
                settings.advertisedHeartbeat().toMillis()));
        metrics.authenticated(true);
        if (!expiresAt.equals(Instant.MAX)) {
            tokens.holds(s, expiresAt);
        }
        transitions.announceBound(u, binding);
    }

    /** Any frame from the client counts as life; while online, lastSeen follows the latest activity. */
    public void touch(ClientSession s) {
        long now = clock.millis();
        s.touch(now);
        UserPresence u = s.user();
        if (u == null) {
            return;
        }
        u.active(now);
        if (now - u.lastSeenWrittenAt() >= settings.lastSeenWriteInterval().toMillis()) {
            u.lastSeenWrittenAt(now);
            u.lane().run(() -> transitions.seen(u, now));
        }
    }

    /** Takes a token from the session's rate bucket; false means the event is dropped. */
    public boolean admit(ClientSession s) {
        long now = clock.millis();
        if (s.bucket().tryTake(now)) {
            return true;
        }
        if (s.bucket().floodingFor(now) >= PresenceSettings.FLOOD_CLOSE_AFTER.toMillis()) {
            end(s, CloseCodes.POLICY, "rate limit exceeded for 10 s");
        }
        return false;
    }

    /**
     * Whether the session may ask for a reply that can be large (a snapshot, a page of the online list, a
     * chat session's members): not while it has spent more reply bytes than its budget holds.
     */
    public boolean mayAskLarge(ClientSession s) {
        return !s.replies().inDebt();
    }

    /** Closes the connection with {@code code} after its queued frames, and ends the session at once (idempotent). */
    public void end(ClientSession s, int code, String reason) {
        s.connection().close(code, reason);
        ended(s);
    }

    /** The connection is gone: the session's memberships, typing and subscriptions end with it. */
    public void ended(ClientSession s) {
        if (!s.markEnded()) {
            return;
        }
        sessions.remove(s);
        interests.dropSession(s);
        for (SessionEndListener l : endListeners) {
            l.sessionEnded(s);
        }
        UserPresence u = s.user();
        if (u != null) {
            metrics.sessionEnded(clock.millis() - s.openedAt());
            u.lane().run(() -> transitions.released(u, s));
        }
    }

    /**
     * A change the directory made, here or on another node: this node's copy advances to it, and if a
     * watcher would see a difference, the change goes out once to every interested session here. A change
     * older than what this node already has is ignored; an offline user nobody here needs stays out of memory.
     */
    public void applied(UserState newer) {
        transitions.applied(newer);
    }

    /**
     * Nodes that died: every user of {@code userIds} loses their sessions there. A user left with no node
     * goes offline (one event) with a lastSeen no earlier than {@code lastSeenFloor}. Harmless to repeat.
     */
    public void dropNodes(Collection<String> deadNodes, long lastSeenFloor, Collection<String> userIds) {
        transitions.dropNodes(deadNodes, lastSeenFloor, userIds);
    }

    /**
     * This node was declared dead while it could not renew its lease (a long pause): the rest of the
     * cluster has already taken its users offline. Its sessions are closed with 1001 (as at a restart) so
     * that their clients reconnect and register afresh; they end without touching the directory, so nothing
     * stale comes back.
     */
    public void detach() {
        sweeps.closeAll(CloseCodes.GOING_AWAY, "this node lost its lease; reconnect", true);
        for (UserPresence u : users.all()) {
            u.lane().run(() -> u.graceEndsAt(-1));
        }
    }

    /** Set by the housekeeping timer while the process is close to its open-file limit. */
    public void refuseNewSessions(boolean refuse) {
        refusingNewSessions = refuse;
    }

    // ------------------------------------------------------------------ status

    public void setStatus(ClientSession s, Status status, String statusText) {
        UserPresence u = requireUser(s);
        long now = clock.millis();
        u.lane().run(() -> transitions.statusChosen(u, status, statusText, now));
    }

    /**
     * PROTOCOL.md §5 {@code set-idle}: the session is idle or active again. An available user whose every
     * session is idle appears away with {@code auto: true}; one active session makes them available again.
     */
    public void setIdle(ClientSession s, boolean idle) {
        UserPresence u = requireUser(s);
        if (s.idle() == idle) {
            return;
        }
        s.idle(idle);
        long now = clock.millis();
        u.lane().run(() -> transitions.idleChanged(u));
    }

    /** {@code PUT /api/user-status/last-seen}: the caller's lastSeen becomes now. */
    public StatusView markLastSeen(String userId) {
        long now = clock.millis();
        CompletableFuture<StatusView> done = new CompletableFuture<>();
        transitions.markSeen(userId, now, done);
        try {
            return done.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            throw new IllegalStateException("lastSeen of " + userId + " was not recorded within 30 s", e);
        }
    }

    // ------------------------------------------------------------------ reads (from memory)

    /** Users visibly online anywhere: invisible users are not counted (PROTOCOL.md §5). */
    public int onlineCount() {
        return users.online().count();
    }

    /** Every user online anywhere, invisible ones included: the operators' figure. */
    public int onlineCountAll() {
        return users.online().countAll();
    }

    public int sessionCount() {
        return sessions.count();
    }

    /** Sessions that have not authenticated yet. */
    public int unauthenticatedCount() {
        return sessions.unauthenticated();
    }

    /** Users in this node's memory. */
    public int usersInMemory() {
        return users.size();
    }

    /**
     * The status of a user as {@code viewer} sees it (null: as anybody else), or empty for a user never
     * seen; loads a user not yet in memory.
     */
    public Optional<StatusView> status(String userId, String viewer) {
        StatusView v = users.views(List.of(userId), viewer).getFirst();
        return v.lastSeen() == null && users.peek(userId) == null ? Optional.empty() : Optional.of(v);
    }

    public Optional<StatusView> status(String userId) {
        return status(userId, null);
    }

    /** The number of live sessions of a user on this node. */
    public int connections(String userId) {
        UserPresence u = users.peek(userId);
        return u == null ? 0 : u.connections();
    }

    /** Status objects in request order as others see them; users never seen appear offline with lastSeen null. */
    public List<StatusView> views(List<String> userIds) {
        return users.views(userIds, null);
    }

    /** Status objects in request order as {@code viewer} sees them: their own status in full. */
    public List<StatusView> views(List<String> userIds, String viewer) {
        return users.views(userIds, viewer);
    }

    /** A page of the online list, ordered by userId, after {@code cursor} (null for the first page). */
    public OnlinePage onlinePage(String cursor, int limit) {
        return users.online().page(cursor, limit, id -> {
            UserPresence u = users.peek(id);
            return u == null ? null : u.view(false);
        });
    }

    // ------------------------------------------------------------------ subscriptions

    public void subscribeOnlineList(ClientSession s) {
        requireUser(s);
        interests.subscribeOnlineList(s);
    }

    public void unsubscribeOnlineList(ClientSession s) {
        interests.unsubscribeOnlineList(s);
    }

    /**
     * Subscribes to users and sends their {@code presence-snapshot} (carrying {@code ref}) in request order,
     * all of them, as PROTOCOL.md §2 says, even those already watched: what a repeat costs is bounded by the
     * session's queue in bytes and by the rate limit, and ids never seen cost no database read while remembered.
     * The subscription starts before the snapshot is read, so no change is lost between the two; changes
     * fanned out to the session meanwhile follow the snapshot.
     */
    public void subscribePresence(ClientSession s, List<String> userIds, String ref) throws SubscriptionLimitException {
        requireUser(s);
        Set<String> fresh = interests.notWatched(s, userIds);
        int watching = s.watchingIfAny().size();
        if (watching + fresh.size() > PresenceSettings.MAX_SUBSCRIPTIONS) {
            throw new SubscriptionLimitException("a session may subscribe to at most "
                    + PresenceSettings.MAX_SUBSCRIPTIONS + " users; this one has " + watching);
        }
        List<String> added = List.copyOf(fresh);
        s.sendSnapshot(() -> {
            interests.watch(s, added);
            return Frames.presenceSnapshot(ref, users.views(userIds, s.userId()));
        });
    }

    public void unsubscribePresence(ClientSession s, Collection<String> userIds) {
        interests.unwatch(s, userIds);
    }

    // ------------------------------------------------------------------ housekeeping

    /** Runs due deadlines (offline graces, typing) and closes sessions past the authentication timeout (4401). */
    public void tick() {
        long now = clock.millis();
        deadlines.runDue(now);
        sessions.authTimeouts(now, s -> end(s, CloseCodes.AUTHENTICATION, "authentication timeout"));
    }

    /**
     * Once a second, over every live session: closes an authenticated session with no frame for
     * {@code presence.session-timeout-ms} (4408), a session whose write has waited on its peer for
     * {@code presence.write-timeout-ms} (1008, at once: a close frame would only queue behind the write that does
     * not finish), and one still on an expired token (4401); sends {@code token-expiring} when it is due.
     */
    public void closeSilentSessions() {
        sweeps.sweep();
    }

    /** Offline users nobody here has used for {@code presence.offline-user-ttl-ms} leave memory; returns how many. */
    public int evictUnusedUsers() {
        return users.evictUnused(settings.offlineUserTtl().toMillis(),
                id -> interests.keepsInMemory(id) || store.pending(id), interests::forget);
    }

    /** The user's live sessions on every node, as the directory knows them. */
    public int sessionsAnywhere(String userId) {
        UserState st = users.directoryState(userId);
        return st == null ? 0 : st.sessions();
    }

    /** The users with an authenticated session on this node now (operators' figures); a new set each call. */
    public Set<String> localUserIds() {
        Set<String> ids = new HashSet<>();
        for (ClientSession s : sessions.all()) {
            String userId = s.userId();
            if (userId != null) {
                ids.add(userId);
            }
        }
        return ids;
    }

    /** The user's live sessions on each node holding them, as the directory knows them (operators' lookup). */
    public java.util.Map<String, Integer> sessionsByNode(String userId) {
        UserState st = users.directoryState(userId);
        java.util.Map<String, Integer> out = new java.util.TreeMap<>();
        if (st != null) {
            st.holders().forEach((node, hold) -> out.put(node, hold.sessions()));
        }
        return out;
    }

    /** Closes every session of a user on this node with {@code code}; returns how many. */
    public int closeUser(String userId, int code, String reason) {
        UserPresence u = users.peek(userId);
        if (u == null) {
            return 0;
        }
        List<ClientSession> victims = u.sessions();
        victims.forEach(s -> end(s, code, reason));
        return victims.size();
    }

    /**
     * Graceful stop: refuses new sessions and closes every session with 1001. Users go offline at once
     * (no grace: the node is leaving); returns once their final states are queued for the last flush.
     */
    public void stop() {
        stopping = true;
        sweeps.closeAll(CloseCodes.GOING_AWAY, "server shutting down", false);
    }

    private static UserPresence requireUser(ClientSession s) {
        UserPresence u = s.user();
        if (u == null) {
            throw new IllegalStateException("not authenticated");
        }
        return u;
    }

    /** The current instant of the registry's clock, truncated to what the wire carries. */
    public Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }
}
