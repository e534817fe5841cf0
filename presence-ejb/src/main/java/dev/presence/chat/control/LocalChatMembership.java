package dev.presence.chat.control;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** Chat-session membership of a single node, in its memory. */
public final class LocalChatMembership implements ChatMembership {

    private final ConcurrentHashMap<String, ChatMembers> rooms = new ConcurrentHashMap<>();

    @Override
    public ChatMembers get(String chatSessionId) {
        return rooms.getOrDefault(chatSessionId, ChatMembers.empty(chatSessionId));
    }

    @Override
    public Change update(String chatSessionId, UnaryOperator<ChatMembers> change) {
        ChatMembers[] before = new ChatMembers[1];
        ChatMembers after = rooms.compute(chatSessionId, (id, r) -> {
            before[0] = r == null ? ChatMembers.empty(id) : r;
            ChatMembers next = change.apply(before[0]);
            return next.isEmpty() ? null : next;
        });
        return new Change(before[0], after == null ? ChatMembers.empty(chatSessionId) : after);
    }

    @Override
    public java.util.List<String> chatSessionsOf(String userId, int limit) {
        return rooms.values().stream().filter(r -> r.has(userId)).map(ChatMembers::chatSessionId).limit(limit).toList();
    }
}
