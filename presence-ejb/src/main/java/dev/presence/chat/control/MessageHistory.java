package dev.presence.chat.control;

import dev.presence.chat.entity.ChatMessage;
import java.util.List;
import java.util.Optional;

/** Stored messages of a chat session, read by page: the history and what a client missed. */
public interface MessageHistory {

    /** A page of messages; {@code next} is the cursor of the following page, null on the last one. */
    record Page(List<ChatMessage> messages, String next) {
    }

    /** Whether {@code messageId} is a message of that chat session (a valid cursor). */
    boolean isMessageOf(String chatSessionId, String messageId);

    /** Newest first, older than {@code before} when given; {@code next} is the next {@code before}. */
    Page before(String chatSessionId, Optional<String> before, int limit);

    /** Oldest first, stored after {@code after}; {@code next} is the next {@code after}. */
    Page after(String chatSessionId, String after, int limit);
}
