package dev.presence.status.control;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Who hears about whom: the sessions subscribed to each user ({@code subscribe-presence}), the sessions
 * subscribed to the online list, and any further {@link Audience} (chat co-members). A status change goes
 * once to the union of them.
 */
final class Interests {

    private final ConcurrentHashMap<String, Set<ClientSession>> watchers = new ConcurrentHashMap<>();
    private final Set<ClientSession> onlineListSubscribers = ConcurrentHashMap.newKeySet();
    private final List<Audience> audiences = new CopyOnWriteArrayList<>();

    Interests() {
        audiences.add((user, online, into) -> user.sessions().forEach(into));
        audiences.add((user, online, into) -> {
            Set<ClientSession> w = watchers.get(user.userId());
            if (w != null) {
                w.forEach(into);
            }
        });
        audiences.add((user, online, into) -> onlineListSubscribers.forEach(into));
    }

    void add(Audience audience) {
        audiences.add(audience);
    }

    /** The sessions that hear about a change of {@code user}, each once. */
    Set<ClientSession> audienceOf(UserPresence user, boolean online) {
        Set<ClientSession> audience = new HashSet<>();
        for (Audience a : audiences) {
            a.collect(user, online, audience::add);
        }
        return audience;
    }

    /** The ids of {@code userIds} the session does not watch yet, in request order. */
    Set<String> notWatched(ClientSession s, Collection<String> userIds) {
        Set<String> fresh = new LinkedHashSet<>(userIds);
        fresh.removeAll(s.watchingIfAny());
        return fresh;
    }

    void watch(ClientSession s, Collection<String> userIds) {
        Set<String> watching = s.watching();
        for (String id : userIds) {
            watching.add(id);
            watchers.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(s);
        }
        if (s.hasEnded()) {
            userIds.forEach(id -> unwatch(s, id)); // ended while subscribing: its end found nothing to undo
        }
    }

    void unwatch(ClientSession s, Collection<String> userIds) {
        Set<String> watching = s.watchingIfAny();
        for (String id : userIds) {
            if (watching.contains(id) && watching.remove(id)) {
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

    void subscribeOnlineList(ClientSession s) {
        if (!s.hasEnded()) {
            onlineListSubscribers.add(s);
        }
    }

    void unsubscribeOnlineList(ClientSession s) {
        onlineListSubscribers.remove(s);
    }

    /** The session ended: it hears about nobody any more. */
    void dropSession(ClientSession s) {
        onlineListSubscribers.remove(s);
        for (String watched : s.watchingIfAny()) {
            unwatch(s, watched);
        }
    }

    /** Whether a session here watches the user or shares a chat session with them. */
    boolean keepsInMemory(String userId) {
        if (watchers.containsKey(userId)) {
            return true;
        }
        for (Audience a : audiences) {
            if (a.keepsInMemory(userId)) {
                return true;
            }
        }
        return false;
    }

    void forget(String userId) {
        audiences.forEach(a -> a.forget(userId));
    }
}
