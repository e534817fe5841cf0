package dev.presence.status.control;

import dev.presence.status.entity.Status;
import dev.presence.status.entity.StatusView;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * What happens to a user, each change on the user's {@link Lane}: a session binds or ends, the offline
 * grace runs out, a status is chosen, a session goes idle, another node's change arrives. Each transition
 * decides this node's part of the user's state, applies it to the directory, queues the database write and
 * announces the change: to the interested sessions here (their own view to the user's sessions, the public
 * one to the others) and to the {@link PresenceRegistry.ChangeListener}s.
 */
final class UserTransitions {

    private final Clock clock;
    private final PresenceSettings settings;
    private final PresenceStore store;
    private final PresenceMetrics metrics;
    private final String nodeId;
    /** In a cluster the directory's owner node writes users' fields; this node writes its socketIds only. */
    private final boolean socketsOnly;
    private final UserTable users;
    private final Interests interests;
    private final Deadlines deadlines;
    /** Whether the node is stopping: its users go offline at once, without a grace. */
    private final BooleanSupplier stopping;
    final List<PresenceRegistry.ChangeListener> listeners = new CopyOnWriteArrayList<>();

    UserTransitions(Clock clock, PresenceSettings settings, PresenceStore store, PresenceMetrics metrics, String nodeId,
                    boolean socketsOnly, UserTable users, Interests interests, Deadlines deadlines, BooleanSupplier stopping) {
        this.clock = clock;
        this.settings = settings;
        this.store = store;
        this.metrics = metrics;
        this.nodeId = nodeId;
        this.socketsOnly = socketsOnly;
        this.users = users;
        this.interests = interests;
        this.deadlines = deadlines;
        this.stopping = stopping;
    }

    /** Runs {@code task} on the user's lane, with the user's current entry (loaded if need be). */
    void onUser(String userId, Consumer<UserPresence> task) {
        UserPresence u = users.user(userId);
        u.lane().run(() -> {
            if (u.evicted()) {
                onUser(userId, task); // it left memory meanwhile: its new entry takes the task
            } else {
                task.accept(u);
            }
        });
    }

    /** What binding a session did: whether it is bound, and the user's state it replaced (null: none). */
    record Binding(boolean bound, UserState before) {
        static final Binding NONE = new Binding(false, null);
    }

    /**
     * On u's lane: the session joins the user; not when it had ended meanwhile. The caller replies to the
     * session before calling {@link #announceBound}, so the reply comes before the user's change.
     */
    Binding bind(ClientSession s, UserPresence u) {
        if (s.hasEnded()) {
            return Binding.NONE; // closed while authenticating: nothing to bind
        }
        u.addSession(s);
        s.bind(u);
        if (s.hasEnded()) { // ended between the two checks: its end may not have seen the user
            u.removeSession(s);
            return Binding.NONE;
        }
        long now = clock.millis();
        s.touch(now);
        u.active(now);
        u.graceEndsAt(-1);
        UserState before = users.adopt(u, users.update(u, holding(u, now)));
        store.write(u.write(now, s.id(), null, socketsOnly));
        return new Binding(true, before);
    }

    /** On u's lane, after the session got its reply: the user's change (if any) goes out. */
    void announceBound(UserPresence u, Binding binding) {
        if (binding.before() != null) {
            announce(u, binding.before(), u.state());
        }
    }

    /** On u's lane: a session of the user ended. */
    void released(UserPresence u, ClientSession s) {
        if (!u.removeSession(s)) {
            return;
        }
        long now = clock.millis();
        u.active(now);
        if (s.detached()) {
            store.write(UserWrite.sockets(u.userId(), Instant.ofEpochMilli(now), null, s.id()));
            return;
        }
        if (u.sessions().isEmpty() && !settings.offlineGrace().isZero() && !stopping.getAsBoolean()) {
            long endsAt = now + settings.offlineGrace().toMillis();
            u.graceEndsAt(endsAt);
            deadlines.schedule(endsAt, () -> u.lane().run(() -> graceOver(u, endsAt)));
        }
        changed(u, users.update(u, holding(u, now)));
        store.write(u.write(now, null, s.id(), socketsOnly));
    }

    /** The grace ran out with no new session here: this node stops holding the user. */
    private void graceOver(UserPresence u, long endsAt) {
        if (u.graceEndsAt() != endsAt || !u.sessions().isEmpty()) {
            return;
        }
        u.graceEndsAt(-1);
        long now = clock.millis();
        changed(u, users.update(u, holding(u, now)));
        if (!socketsOnly) {
            store.write(u.write(now, null, null, false));
        }
    }

    /**
     * This node's part of the user's state as its sessions and grace make it now: held with the live and
     * active sessions here (0 while the grace runs), or released with lastSeen at the last session's end.
     */
    private UnaryOperator<UserState> holding(UserPresence u, long now) {
        int here = u.sessions().size();
        int active = u.activeSessions();
        if (here > 0 || u.graceEndsAt() >= 0) {
            return st -> st.heldBy(nodeId, here, active, now);
        }
        long lastEnd = u.lastActivity();
        return st -> st.releasedBy(nodeId, lastEnd);
    }

    /** On u's lane: a session went idle or active again. */
    void idleChanged(UserPresence u) {
        changed(u, users.update(u, holding(u, clock.millis())));
    }

    /** On u's lane: the user chose a status. */
    void statusChosen(UserPresence u, Status status, String statusText, long now) {
        u.active(now);
        changed(u, users.update(u, st -> st.withStatus(status, statusText, now)));
        store.write(u.write(now, null, null, socketsOnly));
    }

    /** On u's lane: lastSeen moves to {@code now} (no event: lastSeen alone is not a visible change). */
    void seen(UserPresence u, long now) {
        changed(u, users.update(u, st -> st.seenAt(now)));
        // in a cluster the user's owner writes lastSeen when the change reaches it; this node's sockets-only
        // write carries nothing then, and the store drops it
        store.write(u.write(now, null, null, socketsOnly));
    }

    /** {@code PUT last-seen}: lastSeen becomes now; completes with the user's own view. */
    void markSeen(String userId, long now, CompletableFuture<StatusView> done) {
        onUser(userId, u -> {
            try {
                seen(u, now);
                done.complete(u.view(true));
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                throw e;
            }
        });
    }

    /** A change the directory made, here or on another node; see {@link PresenceRegistry#applied}. */
    void applied(UserState newer) {
        String id = newer.userId();
        UserPresence u = users.peek(id);
        if (u == null) {
            if (!newer.isOnline() && !interests.keepsInMemory(id)) {
                return; // an offline user nobody here needs stays out of memory
            }
            u = users.mirror(newer.isOnline() ? UserState.unknown(id) : newer);
        }
        UserPresence user = u;
        user.lane().run(() -> {
            if (user.evicted()) {
                applied(newer);
            } else {
                changed(user, newer);
            }
        });
    }

    /** Nodes that died: the users lose their sessions there; see {@link PresenceRegistry#dropNodes}. */
    void dropNodes(Collection<String> deadNodes, long lastSeenFloor, Collection<String> userIds) {
        for (String id : userIds) {
            onUser(id, u -> changed(u, users.update(u, st -> st.withoutNodes(deadNodes, lastSeenFloor))));
        }
    }

    /** On u's lane: takes the newer state, and announces it if anybody would see a difference. */
    private void changed(UserPresence u, UserState newer) {
        UserState before = users.adopt(u, newer);
        if (before != null) {
            announce(u, before, newer);
        }
    }

    /** On u's lane: a change this node took goes to the interested sessions here, then to the listeners. */
    private void announce(UserPresence u, UserState before, UserState after) {
        fanOut(u, before, after);
        for (PresenceRegistry.ChangeListener l : listeners) {
            l.changed(before, after);
        }
    }

    /**
     * On u's lane: sends the user's status change once to each interested session that would see a
     * difference: the user's own sessions their own view, the others the public one (an invisible user's
     * sessions see "invisible" while the rest see "offline").
     */
    private void fanOut(UserPresence u, UserState before, UserState after) {
        boolean toOthers = after.publiclyDiffers(before);
        boolean toSelf = after.selfDiffers(before);
        if (!toOthers && !toSelf) {
            return;
        }
        long started = System.nanoTime();
        String publicFrame = toOthers ? Frames.statusChange(u.view(false)) : null;
        String selfFrame = toSelf ? Frames.statusChange(u.view(true)) : null;
        int delivered = 0;
        for (ClientSession s : interests.audienceOf(u, after.isVisiblyOnline())) {
            String frame = u.userId().equals(s.userId()) ? selfFrame : publicFrame;
            if (frame != null) {
                s.push(frame);
                delivered++;
            }
        }
        metrics.delivered(delivered);
        metrics.fannedOut(System.nanoTime() - started);
    }
}
