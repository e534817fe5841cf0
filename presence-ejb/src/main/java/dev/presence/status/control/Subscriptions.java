package dev.presence.status.control;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/** A session's interest in others: {@code subscribe-presence} and the online list (PROTOCOL.md §2). */
public final class Subscriptions {

    private final Interests interests;
    private final UserTable users;

    Subscriptions(Interests interests, UserTable users) {
        this.interests = interests;
        this.users = users;
    }

    public void subscribeOnlineList(ClientSession s) {
        PresenceRegistry.requireUser(s);
        interests.subscribeOnlineList(s);
    }

    public void unsubscribeOnlineList(ClientSession s) {
        interests.unsubscribeOnlineList(s);
    }

    /**
     * Subscribes to users and sends their {@code presence-snapshot} (carrying {@code ref}) in request order,
     * all of them, as PROTOCOL.md §2 says, even those already watched: what a repeat costs is bounded by the
     * session's queue in bytes and by the rate limit, and ids never seen cost no database read while remembered.
     * The subscription starts before the snapshot is read, so no change is lost between the two; changes
     * fanned out to the session meanwhile follow the snapshot.
     */
    public void subscribePresence(ClientSession s, List<String> userIds, String ref) throws SubscriptionLimitException {
        PresenceRegistry.requireUser(s);
        Set<String> fresh = interests.notWatched(s, userIds);
        int watching = s.watchingIfAny().size();
        if (watching + fresh.size() > PresenceSettings.MAX_SUBSCRIPTIONS) {
            throw new SubscriptionLimitException("a session may subscribe to at most "
                    + PresenceSettings.MAX_SUBSCRIPTIONS + " users; this one has " + watching);
        }
        List<String> added = List.copyOf(fresh);
        s.sendSnapshot(() -> {
            interests.watch(s, added);
            return Frames.presenceSnapshot(ref, users.views(userIds, s.userId()));
        });
    }

    public void unsubscribePresence(ClientSession s, Collection<String> userIds) {
        interests.unwatch(s, userIds);
    }
}
