package dev.presence.status.control;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Who is online on this node, and who wants to know. It wires the parts and carries a session's own
 * events (open, frames, end) and the cluster's changes to them; the other roles are parts of their own
 * that the edges reach through it: {@link Authentication}, {@link StatusChanges}, {@link Subscriptions},
 * {@link PresenceReads} and {@link Housekeeping}. Underneath lie {@link Sessions} (admission),
 * {@link UserTable} (users in memory, the online list), {@link Interests} (audiences) and
 * {@link UserTransitions} (a user's changes). Plain Java with an injected clock: the EJB around it adds
 * only lifecycle and timers.
 *
 * <p>Concurrency: no lock is held while another session, the data grid or the database is touched. Each
 * user's transitions run one at a time on the user's {@link Lane}: the decision, the directory's change,
 * the database write (queued) and the fan-out, in that order, so a user's events leave in order. Fan-out
 * only enqueues on each recipient's bounded queue; a recipient that overflows is closed by the transport's
 * own threads, never from inside a transition.
 */
public final class PresenceRegistry implements Housekeeping.Ender {

    /** Ids the database said it never saw are remembered this long, at most this many. */
    static final int NEVER_SEEN_CAPACITY = 100_000;
    static final long NEVER_SEEN_TTL_MILLIS = 60_000;
    /** PROTOCOL.md §1: the clock skew a token's {@code exp} is allowed. */
    static final long TOKEN_SKEW_MILLIS = 60_000;

    private final Clock clock;
    private final PresenceSettings settings;
    private final PresenceMetrics metrics;
    private final String nodeId;
    private final Sessions sessions;
    private final Interests interests = new Interests();
    private final UserTransitions transitions;
    private final List<SessionEndListener> endListeners = new CopyOnWriteArrayList<>();
    private final Deadlines deadlines = new Deadlines();
    private final PresenceReads reads;
    private final Subscriptions subscriptions;
    private final Housekeeping housekeeping;
    private final Authentication authentication;
    private final StatusChanges statusChanges;

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
        this.metrics = metrics;
        this.nodeId = nodeId;
        this.sessions = new Sessions(nodeId, settings.maxSessions(), settings.maxUnauthenticated(),
                settings.authTimeout().toMillis());
        UserTable users = new UserTable(directory,
                new UserLoader(store, clock, NEVER_SEEN_CAPACITY, NEVER_SEEN_TTL_MILLIS), clock);
        TokenLifetime tokens = new TokenLifetime(clock, settings.tokenRefreshNotice().toMillis(),
                TOKEN_SKEW_MILLIS, s -> end(s, CloseCodes.AUTHENTICATION, "token expired"));
        this.housekeeping = new Housekeeping(clock, settings, sessions, users, interests, store, deadlines, tokens, this);
        this.transitions = new UserTransitions(clock, settings, store, metrics, nodeId, directory.statesPersistedElsewhere(),
                users, interests, deadlines, housekeeping::stopping);
        this.reads = new PresenceReads(sessions, users);
        this.subscriptions = new Subscriptions(interests, users);
        this.authentication = new Authentication(settings, metrics, sessions, transitions, tokens, reads, this);
        this.statusChanges = new StatusChanges(clock, transitions);
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

    /** Counts, statuses and pages of the online list, from memory. */
    public PresenceReads reads() {
        return reads;
    }

    /** {@code subscribe-presence} and the online list. */
    public Subscriptions subscriptions() {
        return subscriptions;
    }

    /** Binding sessions to users, and their tokens' lifetime. */
    public Authentication authentication() {
        return authentication;
    }

    /** A user's own changes: status, idle, lastSeen. */
    public StatusChanges statusChanges() {
        return statusChanges;
    }

    /** What the node's timers run, and bulk closes (kick, stop, a lost lease). */
    public Housekeeping housekeeping() {
        return housekeeping;
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

    // ------------------------------------------------------------------ a session's own events

    /**
     * A connection was opened. Returns empty when the node is full, its share of unauthenticated sessions
     * is taken, or it is refusing new sessions: the caller closes it with 1013.
     */
    public Optional<ClientSession> open(Connection connection) {
        if (!housekeeping.admitting()) {
            return Optional.empty();
        }
        long now = clock.millis();
        return sessions.admit(connection, now, new RateBucket(settings.rateLimit(), settings.rateBurst(), now),
                new ReplyBudget(settings.replyBytesPerSecond(), settings.replyBytesBurst(), clock::millis));
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
    @Override
    public void end(ClientSession s, int code, String reason) {
        s.connection().close(code, reason);
        ended(s);
    }

    /** The connection is gone: the session's memberships, typing and subscriptions end with it. */
    @Override
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

    // ------------------------------------------------------------------ the cluster's changes

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

    static UserPresence requireUser(ClientSession s) {
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
