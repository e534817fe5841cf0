package dev.presence.cluster.control;

import com.hazelcast.map.IMap;
import dev.presence.status.control.PresenceDirectory;
import dev.presence.status.control.UserState;
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

    public GridDirectory(IMap<String, String> users) {
        this.users = users;
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
