package dev.presence.webhook.control;

import dev.presence.chat.entity.ChatMessage;
import dev.presence.webhook.entity.WebhookEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code message.stored} (PROTOCOL.md §5): {@code preview} is the text's first 100 characters (code points,
 * so no character is cut in half), {@code deliveredTo} the userIds, sender aside, with a session in the
 * chat session when the message was stored, sorted. The id is {@code message.stored:messageId}.
 */
public final class MessageEvents {

    public static final String STORED = "message.stored";
    public static final int PREVIEW_CHARS = 100;

    /** Orders this node's message events as they are stored: about the microsecond, never going back. */
    private final AtomicLong lastSeq = new AtomicLong();

    public WebhookEvent stored(ChatMessage m, Collection<String> members, long now) {
        List<String> deliveredTo = new ArrayList<>(members.size());
        for (String member : members) {
            if (!member.equals(m.userId())) {
                deliveredTo.add(member);
            }
        }
        deliveredTo.sort(null);
        String id = STORED + ":" + m.messageId();
        long seq = lastSeq.updateAndGet(last -> Math.max(last + 1, now * 1000));
        return new WebhookEvent(id, seq, 0, now, EventJson.messageStored(id, now, m.chatSessionId(), m.messageId(),
                m.userId(), m.sentAt(), preview(m.text()), deliveredTo));
    }

    static String preview(String text) {
        if (text.length() <= PREVIEW_CHARS) {
            return text;
        }
        int end = text.offsetByCodePoints(0, Math.min(PREVIEW_CHARS, text.codePointCount(0, text.length())));
        return text.substring(0, end);
    }
}
