package dev.presence.status.control;

import dev.presence.status.entity.StatusView;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The users this node has in memory: those with sessions here, those online anywhere (the online list needs
 * them), and those read or watched lately. A user comes in from the directory, else from the database
 * (batched, {@link UserLoader}); an offline user that nobody here has used for a while leaves again, so
 * memory follows live work, not the history of every user ever seen.
 */
final class UserTable {

    private final ConcurrentHashMap<String, UserPresence> users = new ConcurrentHashMap<>();
    private final PresenceDirectory directory;
    private final UserLoader loader;
    private final OnlineIndex online = new OnlineIndex();
    private final Clock clock;

    UserTable(PresenceDirectory directory, UserLoader loader, Clock clock) {
        this.directory = directory;
        this.loader = loader;
        this.clock = clock;
    }

    OnlineIndex online() {
        return online;
    }

    /** The user's entry if it is in memory, else null, without counting as a use. */
    UserPresence peek(String userId) {
        return users.get(userId);
    }

    /** The user's entry if it is in memory, else null. */
    UserPresence inMemory(String userId) {
        UserPresence u = users.get(userId);
        if (u != null) {
            u.used(clock.millis());
        }
        return u;
    }

    /**
     * The user's entry: from memory, else the directory, else the database into the directory. For a user
     * who is about to be seen (a session, a lastSeen), so a never-seen answer is not cached for them.
     */
    UserPresence user(String userId) {
        UserPresence u = inMemory(userId);
        if (u != null) {
            return u;
        }
        UserState known = directory.get(userId);
        if (known == null) {
            StoredUser stored = loader.load(List.of(userId)).get(userId);
            known = directory.putIfAbsent(UserState.initial(userId, stored));
            loader.created(userId);
        }
        return mirror(known);
    }

    /**
     * Status objects in request order as {@code viewer} sees them (a user sees their own status, others
     * the public one; null: nobody's own), loading the users not in memory; never-seen users are not kept.
     */
    List<StatusView> views(List<String> userIds, String viewer) {
        loadMissing(userIds);
        List<StatusView> out = new ArrayList<>(userIds.size());
        for (String id : userIds) {
            UserPresence u = inMemory(id);
            out.add(u == null ? StatusView.neverSeen(id) : u.view(id.equals(viewer)));
        }
        return out;
    }

    private void loadMissing(Collection<String> userIds) {
        List<String> missing = new ArrayList<>();
        for (String id : userIds) {
            if (!users.containsKey(id)) {
                missing.add(id);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        Map<String, UserState> known = directory.getAll(missing);
        known.values().forEach(this::mirror);
        missing.removeAll(known.keySet());
        if (!missing.isEmpty()) {
            loader.load(missing).forEach((id, stored) -> mirror(directory.putIfAbsent(UserState.initial(id, stored))));
        }
    }

    /**
     * Makes {@code state} this node's copy of the user: a new entry, or (on the existing entry's lane) the
     * newer of the two. The online list follows on the lane, in the order of the user's changes.
     */
    UserPresence mirror(UserState state) {
        UserPresence fresh = new UserPresence(state, clock.millis());
        UserPresence u = users.putIfAbsent(state.userId(), fresh);
        if (u == null) {
            fresh.lane().run(() -> online.changed(state.userId(), null, state));
            return fresh;
        }
        u.lane().run(() -> adopt(u, state));
        return u;
    }

    /** On u's lane: takes the newer state and keeps the online list in step; returns the state replaced, or null. */
    UserState adopt(UserPresence u, UserState newer) {
        UserState before = newer == null ? null : u.advance(newer);
        if (before != null) {
            online.changed(u.userId(), before, newer);
        }
        return before;
    }

    /** The directory's change, applied on the caller's copy; see {@link PresenceDirectory#update}. */
    UserState update(UserPresence u, java.util.function.UnaryOperator<UserState> change) {
        return directory.update(u.state(), change);
    }

    UserState directoryState(String userId) {
        return directory.get(userId);
    }

    int size() {
        return users.size();
    }

    Collection<UserPresence> all() {
        return users.values();
    }

    /**
     * Takes out of memory every user offline everywhere, with no session or grace here, unused for
     * {@code ttlMillis}, and not kept by {@code keep} (watched here, in a chat session here, or with a
     * database write still pending). Returns how many left.
     */
    int evictUnused(long ttlMillis, Predicate<String> keep, Consumer<String> evicted) {
        long now = clock.millis();
        AtomicInteger count = new AtomicInteger();
        for (UserPresence u : users.values()) {
            if (now - u.usedAt() < ttlMillis || !unused(u) || !u.lane().idle()) {
                continue;
            }
            u.lane().run(() -> {
                if (u.evicted() || now - u.usedAt() < ttlMillis || !unused(u) || u.graceEndsAt() >= 0
                        || keep.test(u.userId())) {
                    return;
                }
                u.evict();
                users.remove(u.userId(), u);
                directory.forget(u.state());
                evicted.accept(u.userId());
                count.incrementAndGet();
            });
        }
        return count.get();
    }

    private static boolean unused(UserPresence u) {
        return u.sessions().isEmpty() && !u.state().isOnline();
    }
}
