package dev.presence.chat.control;

import dev.presence.chat.entity.ChatMessage;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Where messages are kept: the database side of {@link MessageLog}. */
public interface MessageStore {

    /** The first message of each idempotency key ({@code userId} + {@code clientMessageId}) already stored. */
    Map<String, ChatMessage> firstOf(Collection<String> keys);

    /** Stores messages and their idempotency keys durably, or throws. */
    void append(List<ChatMessage> messages);

    /** The idempotency key of a message that has a clientMessageId. */
    static String key(String userId, String clientMessageId) {
        return userId + "\u0000" + clientMessageId;
    }
}
