package dev.presence.chat.entity;

import java.time.Instant;

/**
 * A stored chat message: the data of a {@code new-message} event. {@code messageId} is time-ordered (a
 * MongoDB ObjectId in hex), so it doubles as the history cursor.
 */
public record ChatMessage(String messageId, String chatSessionId, String userId, String text, Instant sentAt,
                          String clientMessageId) {
}
