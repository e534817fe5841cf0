package dev.presence.cluster.control;

import com.hazelcast.map.IMap;
import dev.presence.chat.control.ChatMembership;
import dev.presence.chat.control.ChatMembers;
import java.util.function.UnaryOperator;

/** Chat-session membership in the data grid, one entry per chat session, changed by compare-and-set. */
public final class GridChatMembership implements ChatMembership {

    public static final String MAP = "presence-chat-members";

    private final IMap<String, String> rooms;

    public GridChatMembership(IMap<String, String> rooms) {
        this.rooms = rooms;
    }

    @Override
    public ChatMembers get(String chatSessionId) {
        String json = rooms.get(chatSessionId);
        return json == null ? ChatMembers.empty(chatSessionId) : GridCodec.roomMembers(chatSessionId, json);
    }

    @Override
    public Change update(String chatSessionId, UnaryOperator<ChatMembers> change) {
        while (true) {
            String current = rooms.get(chatSessionId);
            ChatMembers before = current == null ? ChatMembers.empty(chatSessionId) : GridCodec.roomMembers(chatSessionId, current);
            ChatMembers after = change.apply(before);
            if (after == before) {
                return new Change(before, after);
            }
            boolean stored;
            if (after.isEmpty()) {
                stored = current == null || rooms.remove(chatSessionId, current);
            } else {
                String json = GridCodec.encode(after);
                stored = current == null ? rooms.putIfAbsent(chatSessionId, json) == null : rooms.replace(chatSessionId, current, json);
            }
            if (stored) {
                return new Change(before, after);
            }
        }
    }

    /**
     * Entries whose JSON names the user (a superset: {@code _} is a wildcard of LIKE), then checked exactly;
     * the query runs on every member, each over the entries it owns.
     */
    @Override
    public java.util.List<String> chatSessionsOf(String userId, int limit) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (var e : rooms.entrySet(com.hazelcast.query.Predicates.like("this", "%\"" + userId + "\"%"))) {
            if (out.size() == limit) {
                break;
            }
            if (GridCodec.roomMembers(e.getKey(), e.getValue()).has(userId)) {
                out.add(e.getKey());
            }
        }
        return out;
    }
}
