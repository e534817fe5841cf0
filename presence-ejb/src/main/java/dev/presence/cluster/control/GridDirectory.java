package dev.presence.cluster.control;

import com.hazelcast.map.IMap;
import dev.presence.status.control.PresenceDirectory;
import dev.presence.status.control.UserState;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Users' states in the data grid, one entry per user. A change reads the entry, computes the next state
 * and replaces the entry only if it is still the one read (compare-and-set by value), retrying otherwise:
 * no lock is held across the grid and no class of this application runs on the grid's side. The first
 * attempt compares with the caller's own copy, so a change usually costs one round trip.
 */
public final class GridDirectory implements PresenceDirectory {

    public static final String MAP = "presence-users";

    private final IMap<String, String> users;
    /** Whether this member owns a user's entry (and so writes it to the database). */
    private final Predicate<String> ownedHere;

    public GridDirectory(IMap<String, String> users, Predicate<String> ownedHere) {
        this.users = users;
        this.ownedHere = ownedHere;
    }

    @Override
    public Map<String, UserState> getAll(Collection<String> userIds) {
        Map<String, UserState> found = new HashMap<>();
        users.getAll(new HashSet<>(userIds)).forEach((id, json) -> found.put(id, GridCodec.userState(id, json)));
        return found;
    }

    /**
     * Only the entry's owner drops it, and only while the entry is still {@code known}: the owner is the
     * member that writes the user to the database, and the registry asks only once its write has landed.
     */
    @Override
    public void forget(UserState known) {
        if (!known.isOnline() && ownedHere.test(known.userId())) {
            users.remove(known.userId(), GridCodec.encode(known));
        }
    }

    @Override
    public UserState get(String userId) {
        String json = users.get(userId);
        return json == null ? null : GridCodec.userState(userId, json);
    }

    @Override
    public UserState putIfAbsent(UserState initial) {
        String before = users.putIfAbsent(initial.userId(), GridCodec.encode(initial));
        return before == null ? initial : GridCodec.userState(initial.userId(), before);
    }

    @Override
    public UserState update(UserState known, UnaryOperator<UserState> change) {
        String id = known.userId();
        // The caller's copy is usually current (every change reaches every node): try it first, one round trip.
        UserState guess = change.apply(known);
        if (guess != known && known.version() >= 0 && users.replace(id, GridCodec.encode(known), GridCodec.encode(guess))) {
            return guess;
        }
        while (true) {
            String current = users.get(id);
            UserState base = current == null ? known : GridCodec.userState(id, current);
            UserState next = change.apply(base);
            if (next == base && current != null) {
                return base;
            }
            String json = GridCodec.encode(next);
            boolean stored = current == null ? users.putIfAbsent(id, json) == null : users.replace(id, current, json);
            if (stored) {
                return next;
            }
        }
    }

    @Override
    public boolean statesPersistedElsewhere() {
        return true;
    }
}
