package dev.presence.status.control;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Where each user's {@link UserState} is decided: in this node's memory for a single node, in the data grid
 * for a cluster. Changes are atomic per user. The registry applies what a change returns at once; a
 * clustered directory also hands every change, whichever node made it, to each node's registry.
 */
public interface PresenceDirectory {

    /** The user's state, or null when the directory has none (never loaded since the service started). */
    UserState get(String userId);

    /** The states the directory has of {@code userIds}; one round trip where the directory is remote. */
    default Map<String, UserState> getAll(Collection<String> userIds) {
        Map<String, UserState> found = new HashMap<>();
        for (String id : userIds) {
            UserState s = get(id);
            if (s != null) {
                found.put(id, s);
            }
        }
        return found;
    }

    /** Stores {@code initial} unless a state is already there; returns the state now stored. */
    UserState putIfAbsent(UserState initial);

    /**
     * Applies {@code change} atomically to the stored state and returns the result. {@code known} is the
     * caller's copy: it stands in for the stored state should the directory have lost it.
     */
    UserState update(UserState known, UnaryOperator<UserState> change);

    /**
     * An offline user nobody here uses any more left this node's memory: the directory may drop its copy
     * too, if it is still {@code known} and the database has it. The next read loads it again.
     */
    default void forget(UserState known) {
    }

    /** True when another process writes the users' states to the database; this node writes only socketIds. */
    boolean statesPersistedElsewhere();
}
