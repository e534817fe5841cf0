package dev.presence.chat.control;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A chat session's members across the service: for each member, the nodes where at least one of their
 * sessions has joined. A user is a member while that set is not empty. Immutable, versioned like
 * {@link dev.presence.status.control.UserState}.
 */
public record ChatMembers(String chatSessionId, Map<String, Set<String>> nodesOfMember, long version) {

    public ChatMembers {
        Map<String, Set<String>> copy = new HashMap<>();
        nodesOfMember.forEach((user, nodes) -> copy.put(user, Set.copyOf(nodes)));
        nodesOfMember = Map.copyOf(copy);
    }

    public static ChatMembers empty(String chatSessionId) {
        return new ChatMembers(chatSessionId, Map.of(), 0);
    }

    public boolean isEmpty() {
        return nodesOfMember.isEmpty();
    }

    public boolean has(String userId) {
        return nodesOfMember.containsKey(userId);
    }

    public Set<String> members() {
        return nodesOfMember.keySet();
    }

    public ChatMembers joinedOn(String userId, String nodeId) {
        Set<String> nodes = nodesOfMember.getOrDefault(userId, Set.of());
        if (nodes.contains(nodeId)) {
            return this;
        }
        Map<String, Set<String>> m = new HashMap<>(nodesOfMember);
        Set<String> more = new HashSet<>(nodes);
        more.add(nodeId);
        m.put(userId, more);
        return next(m);
    }

    public ChatMembers leftOn(String userId, String nodeId) {
        Set<String> nodes = nodesOfMember.get(userId);
        if (nodes == null || !nodes.contains(nodeId)) {
            return this;
        }
        Map<String, Set<String>> m = new HashMap<>(nodesOfMember);
        Set<String> fewer = new HashSet<>(nodes);
        fewer.remove(nodeId);
        if (fewer.isEmpty()) {
            m.remove(userId);
        } else {
            m.put(userId, fewer);
        }
        return next(m);
    }

    /** Members lose their sessions on dead nodes; those left on no node are no longer members. */
    public ChatMembers withoutNodes(Collection<String> dead) {
        Map<String, Set<String>> m = new HashMap<>();
        boolean changed = false;
        for (Map.Entry<String, Set<String>> e : nodesOfMember.entrySet()) {
            Set<String> nodes = new HashSet<>(e.getValue());
            changed |= nodes.removeAll(dead);
            if (!nodes.isEmpty()) {
                m.put(e.getKey(), nodes);
            }
        }
        return changed ? next(m) : this;
    }

    /** Users who are members here and not in {@code after}. */
    public List<String> departedIn(ChatMembers after) {
        List<String> gone = new ArrayList<>();
        for (String user : nodesOfMember.keySet()) {
            if (!after.has(user)) {
                gone.add(user);
            }
        }
        return gone;
    }

    private ChatMembers next(Map<String, Set<String>> m) {
        return new ChatMembers(chatSessionId, m, Math.max(version + 1, System.currentTimeMillis() * 1000));
    }
}
