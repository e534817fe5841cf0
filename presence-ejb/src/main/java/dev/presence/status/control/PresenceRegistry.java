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

    /** Told when a session ends, before the user's presence changes: chat sessions drop its memberships. */
    @FunctionalInterface
    public interface SessionEndListener {
        void sessionEnded(ClientSession session);
    }

    public PresenceRegistry(Clock clock, PresenceSettings settings, PresenceStore store, PresenceMetrics metrics,
                            String nodeId) {
        this.clock = clock;
        this.settings = settings;
        this.store = store;
        this.metrics = metrics;
        this.nodeId = nodeId;
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
            if (u.liveSessions().size() >= settings.maxSessionsPerUser()) {
                return AuthOutcome.TOO_MANY_SESSIONS;
            }
            if (s.hasEnded()) {
                return AuthOutcome.SUCCESS; // closed while authenticating: nothing to bind
            }
            u.liveSessions().add(s);
            s.bind(u);
            s.touch(now);
            u.seen(now);
            u.graceEndsAt(-1);
            boolean cameOnline = !u.isOnline();
            if (cameOnline) {
                u.online(true);
                onlineUsers.add(u.userId());
                onlineCount.incrementAndGet();
            }
            store.write(u.write(now, s.id(), null));
            StatusView view = u.view();
            s.send(Frames.authenticationSuccess(ref, u.userId(), s.id(), view, onlineCount.get(),
                    settings.advertisedHeartbeat().toMillis()));
            if (cameOnline) {
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
            synchronized (u) {
                u.seen(now);
                if (now - u.lastSeenWrittenAt() >= settings.lastSeenWriteInterval().toMillis()) {
                    store.write(u.write(now, null, null));
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
            u.seen(now);
            if (u.liveSessions().isEmpty()) {
                long grace = settings.offlineGrace().toMillis();
                if (grace == 0 || stopping) {
                    goOffline(u, now);
                } else {
                    long endsAt = now + grace;
                    u.graceEndsAt(endsAt);
                    deadlines.schedule(endsAt, () -> graceOver(u, endsAt));
                }
            }
            store.write(u.write(now, null, s.id()));
        }
    }

    private void graceOver(UserPresence u, long endsAt) {
        synchronized (u) {
            if (u.graceEndsAt() == endsAt && u.liveSessions().isEmpty()) {
                goOffline(u, clock.millis());
                store.write(u.write(clock.millis(), null, null));
            }
        }
    }

    /** Under u's monitor. lastSeen stays the end of the last session, not the end of the grace. */
    private void goOffline(UserPresence u, long now) {
        u.graceEndsAt(-1);
        if (u.isOnline()) {
            u.online(false);
            onlineUsers.remove(u.userId());
            onlineCount.decrementAndGet();
            fanOut(u, u.view());
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
        synchronized (u) {
            u.status(status, statusText);
            u.seen(now);
            store.write(u.write(now, null, null));
            fanOut(u, u.view());
        }
    }

    /** {@code PUT /api/user-status/last-seen}: the caller's lastSeen becomes now. */
    public StatusView markLastSeen(String userId) {
        UserPresence u = user(userId);
        long now = clock.millis();
        synchronized (u) {
            u.seen(now);
            store.write(u.write(now, null, null));
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
     * Subscribes to users and returns their snapshot in request order. The subscription starts before the
     * snapshot is read, so no change is lost between the two: at worst a change arrives just before a
     * snapshot that already contains it.
     */
    public List<StatusView> subscribePresence(ClientSession s, List<String> userIds) throws SubscriptionLimitException {
        requireUser(s);
        Set<String> watching = s.watching();
        Set<String> fresh = new LinkedHashSet<>(userIds);
        fresh.removeAll(watching);
        if (watching.size() + fresh.size() > PresenceSettings.MAX_SUBSCRIPTIONS) {
            throw new SubscriptionLimitException("a session may subscribe to at most "
                    + PresenceSettings.MAX_SUBSCRIPTIONS + " users; this one has " + watching.size());
        }
        for (String id : fresh) {
            watching.add(id);
            watchers.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(s);
        }
        if (s.hasEnded()) {
            fresh.forEach(id -> unwatch(s, id));
        }
        return views(userIds);
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
            s.send(frame);
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

    /** The user's entry, loading the persisted state on first need (the database read is outside any lock). */
    UserPresence user(String userId) {
        UserPresence u = users.get(userId);
        if (u != null) {
            return u;
        }
        StoredUser stored = store.load(List.of(userId)).get(userId);
        return users.computeIfAbsent(userId, id -> new UserPresence(id, stored));
    }

    private void loadMissing(Collection<String> userIds) {
        List<String> missing = null;
        for (String id : userIds) {
            if (!users.containsKey(id)) {
                (missing == null ? missing = new ArrayList<>() : missing).add(id);
            }
        }
        if (missing == null) {
            return;
        }
        Map<String, StoredUser> stored = store.load(missing);
        stored.forEach((id, st) -> users.computeIfAbsent(id, k -> new UserPresence(k, st)));
    }

    /** The current instant of the registry's clock, truncated to what the wire carries. */
    public Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }
}
