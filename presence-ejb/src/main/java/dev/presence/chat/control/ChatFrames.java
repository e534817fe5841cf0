package dev.presence.chat.control;

import dev.presence.chat.entity.ChatMessage;
import dev.presence.json.JsonText;
import dev.presence.status.control.Frames;
import dev.presence.status.entity.StatusView;
import java.util.List;

/** Encodes the chat-session frames of PROTOCOL.md §2. */
public final class ChatFrames {

    private ChatFrames() {
    }

    public static String joined(String ref, String chatSessionId, List<StatusView> members, int memberCount) {
        return joined(ref, chatSessionId, members, memberCount, null, false);
    }

    /**
     * {@code chat-session-joined}: the member list unless {@code members} is null (PROTOCOL.md §5
     * {@code members: false}), and the messages missed since the client's last one when {@code missed} is
     * not null.
     */
    public static String joined(String ref, String chatSessionId, List<StatusView> members, int memberCount,
                                List<ChatMessage> missed, boolean missedTruncated) {
        JsonText out = Frames.start("chat-session-joined").member("chatSessionId", chatSessionId);
        if (members != null) {
            Frames.statusArray(out.name("members"), members);
        }
        out.member("memberCount", memberCount);
        if (missed != null) {
            out.name("missed").beginArray();
            missed.forEach(m -> messageFields(out.beginObject(), m).endObject());
            out.endArray().member("missedTruncated", missedTruncated);
        }
        return Frames.end(out, ref);
    }

    /** The reply to a session joining a chat session it is already in: it has the members, so only their count. */
    public static String joinedAgain(String ref, String chatSessionId, int memberCount) {
        return Frames.end(Frames.start("chat-session-joined").member("chatSessionId", chatSessionId)
                .member("memberCount", memberCount), ref);
    }

    public static String userJoined(String chatSessionId, String userId) {
        return Frames.end(Frames.start("user-joined-chat-session").member("chatSessionId", chatSessionId).member("userId", userId), null);
    }

    public static String userLeft(String chatSessionId, String userId) {
        return Frames.end(Frames.start("user-left-chat-session").member("chatSessionId", chatSessionId).member("userId", userId), null);
    }

    public static String typing(String chatSessionId, String userId, boolean isTyping) {
        return Frames.end(Frames.start("user-typing").member("chatSessionId", chatSessionId).member("userId", userId)
                .member("isTyping", isTyping), null);
    }

    public static String newMessage(ChatMessage m) {
        return Frames.end(messageFields(Frames.start("new-message"), m), null);
    }

    public static String ack(String ref, ChatMessage stored, String clientMessageId) {
        return Frames.end(Frames.start("message-ack").member("clientMessageId", clientMessageId)
                .member("messageId", stored.messageId()).member("sentAt", stored.sentAt()), ref);
    }

    /** The members of a {@code new-message} data object, also used for history pages. */
    public static JsonText messageFields(JsonText out, ChatMessage m) {
        return out.member("chatSessionId", m.chatSessionId()).member("messageId", m.messageId())
                .member("userId", m.userId()).member("text", m.text()).member("sentAt", m.sentAt())
                .member("clientMessageId", m.clientMessageId());
    }
}
