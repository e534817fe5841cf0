package dev.presence.status.control;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** The directory of a single node: every user's state in this process's memory. */
public final class LocalDirectory implements PresenceDirectory {

    private final ConcurrentHashMap<String, UserState> states = new ConcurrentHashMap<>();

    @Override
    public UserState get(String userId) {
        return states.get(userId);
    }

    @Override
    public UserState putIfAbsent(UserState initial) {
        UserState before = states.putIfAbsent(initial.userId(), initial);
        return before == null ? initial : before;
    }

    @Override
    public UserState update(UserState known, UnaryOperator<UserState> change) {
        return states.compute(known.userId(), (id, s) -> change.apply(s == null ? known : s));
    }

    @Override
    public void forget(UserState known) {
        states.remove(known.userId(), known);
    }

    int size() {
        return states.size();
    }

    @Override
    public boolean statesPersistedElsewhere() {
        return false;
    }
}
