package dev.presence.chat.control;

import java.util.function.UnaryOperator;

/**
 * Where chat-session membership is decided: this node's memory for a single node, the data grid for a
 * cluster. Changes are atomic per chat session.
 */
public interface ChatMembership {

    /** The chat session's members now (empty when it has none). */
    ChatMembers get(String chatSessionId);

    /**
     * Applies {@code change} atomically and returns the members before and after it. A chat session left
     * with no member is forgotten.
     */
    Change update(String chatSessionId, UnaryOperator<ChatMembers> change);

    /**
     * The chat sessions {@code userId} is a member of, at most {@code limit} of them, in no order (an
     * operator's lookup: it may look at every chat session).
     */
    java.util.List<String> chatSessionsOf(String userId, int limit);

    record Change(ChatMembers before, ChatMembers after) {
    }
}
