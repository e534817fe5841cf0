package dev.presence.chat.control;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** Chat-session membership of a single node, in its memory. */
public final class LocalChatMembership implements ChatMembership {

    private final ConcurrentHashMap<String, RoomMembers> rooms = new ConcurrentHashMap<>();

    @Override
    public RoomMembers get(String chatSessionId) {
        return rooms.getOrDefault(chatSessionId, RoomMembers.empty(chatSessionId));
    }

    @Override
    public Change update(String chatSessionId, UnaryOperator<RoomMembers> change) {
        RoomMembers[] before = new RoomMembers[1];
        RoomMembers after = rooms.compute(chatSessionId, (id, r) -> {
            before[0] = r == null ? RoomMembers.empty(id) : r;
            RoomMembers next = change.apply(before[0]);
            return next.isEmpty() ? null : next;
        });
        return new Change(before[0], after == null ? RoomMembers.empty(chatSessionId) : after);
    }

    @Override
    public java.util.List<String> chatSessionsOf(String userId, int limit) {
        return rooms.values().stream().filter(r -> r.has(userId)).map(RoomMembers::chatSessionId).limit(limit).toList();
    }
}
