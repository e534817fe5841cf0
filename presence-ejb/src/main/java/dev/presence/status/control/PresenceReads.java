package dev.presence.status.control;

import dev.presence.status.entity.StatusView;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What this node can answer from memory: counts, statuses and pages of the online list. Reads never wait
 * on a user's lane; a user not in memory is loaded (batched with concurrent loads, see {@link UserLoader}).
 */
public final class PresenceReads {

    private final Sessions sessions;
    private final UserTable users;

    PresenceReads(Sessions sessions, UserTable users) {
        this.sessions = sessions;
        this.users = users;
    }

    /** Users visibly online anywhere: invisible users are not counted (PROTOCOL.md §5). */
    public int onlineCount() {
        return users.online().count();
    }

    /** Every user online anywhere, invisible ones included: the operators' figure. */
    public int onlineCountAll() {
        return users.online().countAll();
    }

    public int sessionCount() {
        return sessions.count();
    }

    /** Sessions that have not authenticated yet. */
    public int unauthenticatedCount() {
        return sessions.unauthenticated();
    }

    /** Users in this node's memory. */
    public int usersInMemory() {
        return users.size();
    }

    /**
     * The status of a user as {@code viewer} sees it (null: as anybody else), or empty for a user never
     * seen; loads a user not yet in memory.
     */
    public Optional<StatusView> status(String userId, String viewer) {
        StatusView v = users.views(List.of(userId), viewer).getFirst();
        return v.lastSeen() == null && users.peek(userId) == null ? Optional.empty() : Optional.of(v);
    }

    public Optional<StatusView> status(String userId) {
        return status(userId, null);
    }

    /** The number of live sessions of a user on this node. */
    public int connections(String userId) {
        UserPresence u = users.peek(userId);
        return u == null ? 0 : u.connections();
    }

    /** Status objects in request order as others see them; users never seen appear offline with lastSeen null. */
    public List<StatusView> views(List<String> userIds) {
        return users.views(userIds, null);
    }

    /** Status objects in request order as {@code viewer} sees them: their own status in full. */
    public List<StatusView> views(List<String> userIds, String viewer) {
        return users.views(userIds, viewer);
    }

    /** A page of the online list, ordered by userId, after {@code cursor} (null for the first page). */
    public OnlinePage onlinePage(String cursor, int limit) {
        return users.online().page(cursor, limit, id -> {
            UserPresence u = users.peek(id);
            return u == null ? null : u.view(false);
        });
    }

    /** The user's live sessions on every node, as the directory knows them. */
    public int sessionsAnywhere(String userId) {
        UserState st = users.directoryState(userId);
        return st == null ? 0 : st.sessions();
    }

    /** The user's live sessions on each node holding them, as the directory knows them (operators' lookup). */
    public Map<String, Integer> sessionsByNode(String userId) {
        UserState st = users.directoryState(userId);
        Map<String, Integer> out = new TreeMap<>();
        if (st != null) {
            st.holders().forEach((node, hold) -> out.put(node, hold.sessions()));
        }
        return out;
    }

    /** The users with an authenticated session on this node now (operators' figures); a new set each call. */
    public Set<String> localUserIds() {
        Set<String> ids = new HashSet<>();
        for (ClientSession s : sessions.all()) {
            String userId = s.userId();
            if (userId != null) {
                ids.add(userId);
            }
        }
        return ids;
    }
}
