package dev.presence.chat.control;

/**
 * What one node tells the others about a chat session: a member joined or left (for everyone), a typing
 * change, or a stored message. {@code frame} is the encoded event the receiving nodes pass to their
 * sessions; {@code version} orders membership news.
 */
public record ChatEvent(Kind kind, String chatSessionId, String userId, String frame, long version,
                        boolean sessionEnded) {

    public enum Kind { JOINED, LEFT, TYPING, MESSAGE }
}
