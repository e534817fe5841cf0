package dev.presence.chat.control;

import dev.presence.status.control.Audience;
import dev.presence.status.control.ClientSession;
import dev.presence.status.control.UserPresence;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Audience (b) of PROTOCOL.md §2: the sessions here that share a chat session with a user at the moment of
 * the user's change. Kept as an index user → chat sessions (a lookup, never a scan), fed by each
 * {@link ChatSession} as its members change; and, for a user whose sessions ended, the chat sessions they left
 * that way, so the co-members still hear the offline change that follows.
 */
final class CoMembers implements Audience, ChatSession.MemberIndex {

    private final Function<String, ChatSession> rooms;
    /** For each user, the chat sessions with sessions here that the user is a member of. */
    private final ConcurrentHashMap<String, Set<String>> roomsOfUser = new ConcurrentHashMap<>();
    /** Chat sessions a user left because their sessions ended: their co-members still hear the offline change. */
    private final ConcurrentHashMap<String, Set<String>> departed = new ConcurrentHashMap<>();

    CoMembers(Function<String, ChatSession> rooms) {
        this.rooms = rooms;
    }

    @Override
    public void added(String userId, String chatSessionId) {
        roomsOfUser.computeIfAbsent(userId, k -> ConcurrentHashMap.newKeySet()).add(chatSessionId);
    }

    @Override
    public void removed(String userId, String chatSessionId) {
        roomsOfUser.computeIfPresent(userId, (k, set) -> {
            set.remove(chatSessionId);
            return set.isEmpty() ? null : set;
        });
    }

    /** The user left the chat session because their sessions ended. */
    void departed(String userId, String chatSessionId) {
        departed.computeIfAbsent(userId, k -> ConcurrentHashMap.newKeySet()).add(chatSessionId);
    }

    /** Whether the user is a member of the chat session as this node knows it. */
    boolean sharesHere(String userId, String chatSessionId) {
        Set<String> here = roomsOfUser.get(userId);
        return here != null && here.contains(chatSessionId);
    }

    @Override
    public void collect(UserPresence user, boolean online, Consumer<ClientSession> into) {
        Set<String> left = departed.remove(user.userId());
        collectRooms(roomsOfUser.get(user.userId()), into);
        if (!online) {
            collectRooms(left, into);
        }
    }

    @Override
    public boolean keepsInMemory(String userId) {
        return roomsOfUser.containsKey(userId);
    }

    /** The user left memory, offline: their offline change went out, so co-members need no reminder. */
    @Override
    public void forget(String userId) {
        departed.remove(userId);
    }

    private void collectRooms(Collection<String> ids, Consumer<ClientSession> into) {
        if (ids == null) {
            return;
        }
        for (String id : ids) {
            ChatSession r = rooms.apply(id);
            if (r != null) {
                r.sessions.values().forEach(ss -> ss.forEach(into));
            }
        }
    }
}
