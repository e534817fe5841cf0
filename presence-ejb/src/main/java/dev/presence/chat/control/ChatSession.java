package dev.presence.chat.control;

import dev.presence.status.control.ClientSession;
import dev.presence.status.control.Lane;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One chat session with sessions on this node: those sessions by userId, every member (on any node) with
 * the version of the latest news of them, and who is typing here until when. Changed on its {@link Lane};
 * read without it (the sets are concurrent).
 */
final class ChatSession {

    /** Told when a user becomes or stops being a member known here: the index user → chat sessions. */
    interface MemberIndex {
        void added(String userId, String chatSessionId);

        void removed(String userId, String chatSessionId);
    }

    final String id;
    final Lane lane = new Lane();
    final ConcurrentHashMap<String, Set<ClientSession>> sessions = new ConcurrentHashMap<>();
    final Set<String> members = ConcurrentHashMap.newKeySet();
    final Map<String, Long> newsOf = new ConcurrentHashMap<>();
    final Map<String, Long> typingUntil = new ConcurrentHashMap<>();
    private final MemberIndex index;
    long snapshotVersion = -1;
    volatile boolean closed;

    ChatSession(String id, MemberIndex index) {
        this.id = id;
        this.index = index;
    }

    /** Sends to every session here of every member but {@code userId}. */
    void toOthers(String userId, String frame) {
        sessions.forEach((member, ss) -> {
            if (!member.equals(userId)) {
                ss.forEach(s -> s.push(frame));
            }
        });
    }

    /** Takes the news that {@code userId} is (or is no longer) a member, unless newer news came first. */
    boolean news(String userId, boolean member, long version) {
        Long last = newsOf.get(userId);
        if (version <= snapshotVersion || last != null && version <= last) {
            return false;
        }
        newsOf.put(userId, version);
        return member ? addMember(userId) : removeMember(userId);
    }

    /** Takes a full list of members, keeping news about a member that is newer than it. */
    void snapshot(ChatMembers all) {
        if (all.version() <= snapshotVersion) {
            return;
        }
        snapshotVersion = all.version();
        for (String user : all.members()) {
            if (newsOf.getOrDefault(user, -1L) < all.version()) {
                addMember(user);
            }
        }
        for (String user : List.copyOf(members)) {
            if (!all.has(user) && newsOf.getOrDefault(user, -1L) < all.version()) {
                removeMember(user);
            }
        }
    }

    boolean addMember(String userId) {
        if (!members.add(userId)) {
            return false;
        }
        index.added(userId, id);
        return true;
    }

    boolean removeMember(String userId) {
        if (!members.remove(userId)) {
            return false;
        }
        index.removed(userId, id);
        return true;
    }
}
