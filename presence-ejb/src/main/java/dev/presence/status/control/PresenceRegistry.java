package dev.presence.status.control;

import dev.presence.status.entity.Identifiers;
import dev.presence.status.entity.Status;
import dev.presence.status.entity.StatusView;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who is online on this node, and who wants to know. Plain Java with an injected clock: the EJB around it
 * adds only lifecycle and timers.
 *
 * <p>Concurrency: there is no global lock. Maps are concurrent; a user's transitions (first session, last
 * session, status) happen under that user's monitor, and the resulting event is fanned out before the
 * monitor is released, so a user's events are delivered in order. Fan-out only enqueues on each
 * recipient's bounded queue and never waits for a client.
 */
public final class PresenceRegistry {

    private final Clock clock;
    private final PresenceSettings settings;
    private final PresenceStore store;
    private final PresenceMetrics metrics;
    private final String nodeId;
    private final PresenceDirectory directory;
    /** In a cluster the directory's owner node writes users' fields; this node writes its socketIds only. */
    private final boolean socketsOnly;

    private final ConcurrentHashMap<String, ClientSession> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger sessionCount = new AtomicInteger();
    private final AtomicLong sessionSeq = new AtomicLong();
    private final ConcurrentHashMap<String, UserPresence> users = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<String> onlineUsers = new ConcurrentSkipListSet<>();
    private final AtomicInteger onlineCount = new AtomicInteger();
    private final ConcurrentHashMap<String, Set<ClientSession>> watchers = new ConcurrentHashMap<>();
    private final Set<ClientSession> onlineListSubscribers = ConcurrentHashMap.newKeySet();
    private final List<Audience> audiences = new CopyOnWriteArrayList<>();
    private final List<SessionEndListener> endListeners = new CopyOnWriteArrayList<>();
    private final Deadlines deadlines = new Deadlines();
    private volatile boolean stopping;
    private volatile boolean refusingNewSessions;
    /** Set once this node learns it was declared dead: its sessions end without touching the directory. */
    private volatile boolean detached;

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
        this.directory = directory;
        this.socketsOnly = directory.statesPersistedElsewhere();
        audiences.add((user, online, into) -> user.liveSessions().forEach(into));
        audiences.add((user, online, into) -> {
            Set<ClientSession> w = watchers.get(user.userId());
            if (w != null) {
                w.forEach(into);
            }
        });
        audiences.add((user, online, into) -> onlineListSubscribers.forEach(into));
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
        audiences.add(audience);
    }

    public void addSessionEndListener(SessionEndListener listener) {
        endListeners.add(listener);
    }

    // ------------------------------------------------------------------ session lifecycle

    /**
     * A connection was opened. Returns empty when the node already holds {@code presence.max-sessions}
     * sessions or is refusing new ones: the caller closes it with 1013.
     */
    public Optional<ClientSession> open(Connection connection) {
        if (stopping || refusingNewSessions) {
            return Optional.empty();
        }
        if (sessionCount.incrementAndGet() > settings.maxSessions()) {
            sessionCount.decrementAndGet();
            return Optional.empty();
        }
        long now = clock.millis();
        ClientSession s = new ClientSession(nodeId + ":" + Long.toString(sessionSeq.incrementAndGet(), 36),
                connection, now, new RateBucket(settings.rateLimit(), settings.rateBurst(), now));
        sessions.put(s.id(), s);
        deadlines.schedule(now + settings.authTimeout().toMillis(), () -> {
            if (!s.isAuthenticated() && !s.hasEnded()) {
                end(s, CloseCodes.AUTHENTICATION, "authentication timeout");
            }
        });
        return Optional.of(s);
    }

    public enum AuthOutcome { SUCCESS, TOO_MANY_SESSIONS }

    /**
     * Binds an open session to a verified user and replies {@code authentication-success} (carrying
     * {@code ref}) before the user's online change reaches anyone, the session itself included.
     */
    public AuthOutcome authenticate(ClientSession s, Identity identity, String ref) {
        if (s.isAuthenticated()) {
            throw new IllegalStateException("already authenticated");
        }
        UserPresence u = user(identity.userId());
        long now = clock.millis();
        synchronized (u) {
            if (Math.max(u.liveSessions().size(), u.state().sessions()) >= settings.maxSessionsPerUser()) {
                return AuthOutcome.TOO_MANY_SESSIONS;
            }
            if (s.hasEnded()) {
                return AuthOutcome.SUCCESS; // closed while authenticating: nothing to bind
            }
            u.liveSessions().add(s);
            s.bind(u);
            s.touch(now);
            u.active(now);
            u.graceEndsAt(-1);
            int here = u.liveSessions().size();
            UserState before = adopt(u, directory.update(u.state(), st -> st.heldBy(nodeId, here, now)));
            store.write(u.write(now, s.id(), null, socketsOnly));
            StatusView view = u.view();
            s.send(Frames.authenticationSuccess(ref, u.userId(), s.id(), view, onlineCount.get(),
                    settings.advertisedHeartbeat().toMillis()));
            if (before != null && u.state().visiblyDiffers(before)) {
                fanOut(u, view);
            }
        }
        return AuthOutcome.SUCCESS;
    }

    /** Any frame from the client counts as life; while online, lastSeen follows the latest activity. */
    public void touch(ClientSession s) {
        long now = clock.millis();
        s.touch(now);
        UserPresence u = s.user();
        if (u != null) {
            u.active(now);
            synchronized (u) {
                if (now - u.lastSeenWrittenAt() >= settings.lastSeenWriteInterval().toMillis()) {
                    adopt(u, directory.update(u.state(), st -> st.seenAt(now)));
                    // in a cluster the user's owner writes lastSeen when the change reaches it; this node's
                    // sockets-only write carries nothing then, and the store drops it
                    store.write(u.write(now, null, null, socketsOnly));
                }
            }
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

    /** Closes the connection with {@code code} and ends the session at once (idempotent). */
    public void end(ClientSession s, int code, String reason) {
        s.connection().close(code, reason);
        ended(s);
    }

    /** The connection is gone: the session's memberships, typing and subscriptions end with it. */
    public void ended(ClientSession s) {
        if (!s.markEnded()) {
            return;
        }
        sessions.remove(s.id());
        sessionCount.decrementAndGet();
        onlineListSubscribers.remove(s);
        for (String watched : s.watchingIfAny()) {
            unwatch(s, watched);
        }
        for (SessionEndListener l : endListeners) {
            l.sessionEnded(s);
        }
        UserPresence u = s.user();
        if (u == null) {
            return;
        }
        long now = clock.millis();
        metrics.sessionEnded(now - s.openedAt());
        synchronized (u) {
            u.liveSessions().remove(s);
            u.active(now);
            if (detached) {
                store.write(UserWrite.sockets(u.userId(), Instant.ofEpochMilli(now), null, s.id()));
                return;
            }
            int here = u.liveSessions().size();
            UserState after;
            if (here > 0) {
                after = directory.update(u.state(), st -> st.heldBy(nodeId, here, now));
            } else if (settings.offlineGrace().isZero() || stopping) {
                after = directory.update(u.state(), st -> st.releasedBy(nodeId, now));
            } else {
                long endsAt = now + settings.offlineGrace().toMillis();
                u.graceEndsAt(endsAt);
                deadlines.schedule(endsAt, () -> graceOver(u, endsAt));
                after = directory.update(u.state(), st -> st.heldBy(nodeId, 0, now));
            }
            changed(u, after);
            store.write(u.write(now, null, s.id(), socketsOnly));
        }
    }

    /** The grace ran out with no new session here: this node stops holding the user. */
    private void graceOver(UserPresence u, long endsAt) {
        synchronized (u) {
            if (u.graceEndsAt() == endsAt && u.liveSessions().isEmpty() && !detached) {
                u.graceEndsAt(-1);
                long lastSessionEnd = u.lastActivity();
                changed(u, directory.update(u.state(), st -> st.releasedBy(nodeId, lastSessionEnd)));
                if (!socketsOnly) {
                    store.write(u.write(clock.millis(), null, null, false));
                }
            }
        }
    }

    /**
     * A change the directory made, here or on another node: this node's copy advances to it, and if a
     * watcher would see a difference, the change goes out once to every interested session here. A change
     * older than what this node already has is ignored.
     */
    public void applied(UserState newer) {
        UserPresence u = users.get(newer.userId());
        if (u == null) {
            mirror(newer); // nobody here can be interested in a user this node has never looked at
            return;
        }
        synchronized (u) {
            changed(u, newer);
        }
    }

    /** Under u's monitor. */
    private void changed(UserPresence u, UserState newer) {
        UserState before = adopt(u, newer);
        if (before != null && newer.visiblyDiffers(before)) {
            fanOut(u, u.view());
        }
    }

    /** Under u's monitor: takes the newer state and keeps the online list in step; returns the state replaced. */
    private UserState adopt(UserPresence u, UserState newer) {
        UserState before = newer == null ? null : u.advance(newer);
        if (before != null && before.isOnline() != newer.isOnline()) {
            if (newer.isOnline()) {
                onlineUsers.add(u.userId());
                onlineCount.incrementAndGet();
            } else {
                onlineUsers.remove(u.userId());
                onlineCount.decrementAndGet();
            }
        }
        return before;
    }

    /**
     * Nodes that died: every user of {@code userIds} loses their sessions there. A user left with no node
     * goes offline (one event) with a lastSeen no earlier than {@code lastSeenFloor}. Harmless to repeat.
     */
    public void dropNodes(Collection<String> deadNodes, long lastSeenFloor, Collection<String> userIds) {
        for (String id : userIds) {
            UserPresence u = user(id);
            synchronized (u) {
                changed(u, directory.update(u.state(), st -> st.withoutNodes(deadNodes, lastSeenFloor)));
            }
        }
    }

    /**
     * This node was declared dead while it could not renew its lease (a long pause): the rest of the
     * cluster has already taken its users offline. Its sessions are closed with 1001 (as at a restart) so that their clients
     * reconnect and register afresh; they end without touching the directory, so nothing stale comes back.
     */
    public void detach() {
        detached = true;
        for (ClientSession s : List.copyOf(sessions.values())) {
            end(s, CloseCodes.GOING_AWAY, "this node lost its lease; reconnect");
        }
        for (UserPresence u : users.values()) {
            synchronized (u) {
                u.graceEndsAt(-1);
            }
        }
        detached = false;
    }

    /** Set by the housekeeping timer while the process is close to its open-file limit. */
    public void refuseNewSessions(boolean refuse) {
        refusingNewSessions = refuse;
    }

    // ------------------------------------------------------------------ status

    public void setStatus(ClientSession s, Status status, String statusText) {
        UserPresence u = requireUser(s);
        long now = clock.millis();
        synchronized (u) {
            u.active(now);
            changed(u, directory.update(u.state(), st -> st.withStatus(status, statusText, now)));
            store.write(u.write(now, null, null, socketsOnly));
        }
    }

    /** {@code PUT /api/user-status/last-seen}: the caller's lastSeen becomes now. */
    public StatusView markLastSeen(String userId) {
        UserPresence u = user(userId);
        long now = clock.millis();
        synchronized (u) {
            changed(u, directory.update(u.state(), st -> st.seenAt(now)));
            store.write(u.write(now, null, null, socketsOnly));
            return u.view();
        }
    }

    // ------------------------------------------------------------------ reads (from memory)

    public int onlineCount() {
        return onlineCount.get();
    }

    public int sessionCount() {
        return sessionCount.get();
    }

    /** The status of a user, or empty for a user never seen; loads a user not yet in memory. */
    public Optional<StatusView> status(String userId) {
        loadMissing(List.of(userId));
        UserPresence u = users.get(userId);
        return u == null ? Optional.empty() : Optional.of(u.view());
    }

    /** The number of live sessions of a user on this node. */
    public int connections(String userId) {
        UserPresence u = users.get(userId);
        return u == null ? 0 : u.connections();
    }

    /** Status objects in request order; users never seen appear offline with lastSeen null. */
    public List<StatusView> views(List<String> userIds) {
        loadMissing(userIds);
        List<StatusView> out = new ArrayList<>(userIds.size());
        for (String id : userIds) {
            UserPresence u = users.get(id);
            out.add(u == null ? StatusView.neverSeen(id) : u.view());
        }
        return out;
    }

    /** A page of the online list, ordered by userId, after {@code cursor} (null for the first page). */
    public OnlinePage onlinePage(String cursor, int limit) {
        String after = cursor == null ? null : decodeCursor(cursor);
        Iterator<String> it = (after == null ? onlineUsers : onlineUsers.tailSet(after, false)).iterator();
        List<StatusView> page = new ArrayList<>(Math.min(limit, 128));
        String last = null;
        while (it.hasNext() && page.size() < limit) {
            UserPresence u = users.get(last = it.next());
            if (u != null) {
                page.add(u.view());
            }
        }
        String next = it.hasNext() && last != null ? encodeCursor(last) : null;
        return new OnlinePage(page, onlineCount.get(), next);
    }

    private static String encodeCursor(String userId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(userId.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        String id;
        try {
            id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor is not one this service issued");
        }
        if (!Identifiers.isValid(id)) {
            throw new IllegalArgumentException("cursor is not one this service issued");
        }
        return id;
    }

    // ------------------------------------------------------------------ subscriptions

    public void subscribeOnlineList(ClientSession s) {
        requireUser(s);
        if (!s.hasEnded()) {
            onlineListSubscribers.add(s);
        }
    }

    public void unsubscribeOnlineList(ClientSession s) {
        onlineListSubscribers.remove(s);
    }

    /**
     * Subscribes to users and sends their {@code presence-snapshot} (carrying {@code ref}) in request order.
     * The subscription starts before the snapshot is read, so no change is lost between the two; changes
     * fanned out to the session meanwhile follow the snapshot, so none arrives ahead of a snapshot older
     * than it.
     */
    public void subscribePresence(ClientSession s, List<String> userIds, String ref) throws SubscriptionLimitException {
        requireUser(s);
        Set<String> watching = s.watching();
        Set<String> fresh = new LinkedHashSet<>(userIds);
        fresh.removeAll(watching);
        if (watching.size() + fresh.size() > PresenceSettings.MAX_SUBSCRIPTIONS) {
            throw new SubscriptionLimitException("a session may subscribe to at most "
                    + PresenceSettings.MAX_SUBSCRIPTIONS + " users; this one has " + watching.size());
        }
        s.sendSnapshot(() -> {
            for (String id : fresh) {
                watching.add(id);
                watchers.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(s);
            }
            if (s.hasEnded()) {
                fresh.forEach(id -> unwatch(s, id));
            }
            return Frames.presenceSnapshot(ref, views(userIds));
        });
    }

    public void unsubscribePresence(ClientSession s, Collection<String> userIds) {
        for (String id : userIds) {
            if (s.watchingIfAny().remove(id)) {
                unwatch(s, id);
            }
        }
    }

    private void unwatch(ClientSession s, String userId) {
        watchers.computeIfPresent(userId, (k, set) -> {
            set.remove(s);
            return set.isEmpty() ? null : set;
        });
    }

    // ------------------------------------------------------------------ fan-out

    /** Sends the user's status change once to each interested session. Under u's monitor. */
    private void fanOut(UserPresence u, StatusView view) {
        long started = System.nanoTime();
        String frame = Frames.statusChange(view);
        Set<ClientSession> audience = new HashSet<>();
        for (Audience a : audiences) {
            a.collect(u, view.isOnline(), audience::add);
        }
        for (ClientSession s : audience) {
            s.push(frame);
        }
        metrics.delivered(audience.size());
        metrics.fannedOut(System.nanoTime() - started);
    }

    // ------------------------------------------------------------------ housekeeping

    /** Runs due deadlines (graces, authentication timeouts) and closes sessions silent past the timeout. */
    public void tick() {
        long now = clock.millis();
        deadlines.runDue(now);
    }

    /** Closes every authenticated session with no frame for {@code presence.session-timeout-ms}: 4408. */
    public void closeSilentSessions() {
        long now = clock.millis();
        long timeout = settings.sessionTimeout().toMillis();
        for (ClientSession s : sessions.values()) {
            if (s.isAuthenticated() && now - s.lastActivity() > timeout) {
                end(s, CloseCodes.HEARTBEAT_TIMEOUT, "no frame for " + timeout + " ms");
            }
        }
    }

    /** The user's live sessions on every node, as the directory knows them. */
    public int sessionsAnywhere(String userId) {
        UserState st = directory.get(userId);
        return st == null ? 0 : st.sessions();
    }

    /** Closes every session of a user on this node with {@code code}; returns how many. */
    public int closeUser(String userId, int code, String reason) {
        UserPresence u = users.get(userId);
        if (u == null) {
            return 0;
        }
        List<ClientSession> victims = u.sessions();
        victims.forEach(s -> end(s, code, reason));
        return victims.size();
    }

    /**
     * Graceful stop: refuses new sessions and closes every session with 1001. Users go offline at once
     * (no grace: the node is leaving), so the write-behind holds their final state for the last flush.
     */
    public void stop() {
        stopping = true;
        for (ClientSession s : List.copyOf(sessions.values())) {
            end(s, CloseCodes.GOING_AWAY, "server shutting down");
        }
    }

    // ------------------------------------------------------------------ users in memory

    private UserPresence requireUser(ClientSession s) {
        UserPresence u = s.user();
        if (u == null) {
            throw new IllegalStateException("not authenticated");
        }
        return u;
    }

    /**
     * The user's entry: from this node's memory, else the directory, else the database (read outside any
     * lock) into the directory.
     */
    UserPresence user(String userId) {
        UserPresence u = users.get(userId);
        if (u != null) {
            return u;
        }
        UserState known = directory.get(userId);
        if (known == null) {
            known = directory.putIfAbsent(UserState.initial(userId, store.load(List.of(userId)).get(userId)));
        }
        return mirror(known);
    }

    /** Makes {@code state} this node's copy of the user, unless a newer one is already here. */
    private UserPresence mirror(UserState state) {
        UserPresence fresh = new UserPresence(UserState.unknown(state.userId()));
        UserPresence u = users.putIfAbsent(state.userId(), fresh);
        if (u == null) {
            u = fresh;
        }
        synchronized (u) {
            adopt(u, state);
        }
        return u;
    }

    private void loadMissing(Collection<String> userIds) {
        List<String> missing = null;
        for (String id : userIds) {
            if (!users.containsKey(id)) {
                UserState known = directory.get(id);
                if (known != null) {
                    mirror(known);
                } else {
                    (missing == null ? missing = new ArrayList<>() : missing).add(id);
                }
            }
        }
        if (missing == null) {
            return;
        }
        // users never seen stay out of memory: reads of arbitrary ids must not grow it
        store.load(missing).forEach((id, stored) -> mirror(directory.putIfAbsent(UserState.initial(id, stored))));
    }

    /** The current instant of the registry's clock, truncated to what the wire carries. */
    public Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }
}
