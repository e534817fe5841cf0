package dev.presence.chat.control;

/** A chat-session event from a session that has not joined that chat session. */
public final class NotAMemberException extends Exception {
    public NotAMemberException(String chatSessionId) {
        super("this session has not joined " + chatSessionId, null, false, false);
    }
}
