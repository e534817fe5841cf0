package dev.presence.webhook.control;

import dev.presence.json.JsonText;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Encodes the events of PROTOCOL.md §5 and the body of a delivery. */
public final class EventJson {

    private EventJson() {
    }

    /** {@code user.online} or {@code user.offline}: {@code {id, type, time, userId, lastSeen}}. */
    public static String presence(String id, String type, long time, String userId, Instant lastSeen) {
        return start(id, type, time).member("userId", userId).member("lastSeen", lastSeen).endObject().toString();
    }

    /** {@code user.status}: {@code {id, type, time, userId, status, statusText, auto}}. */
    public static String status(String id, long time, String userId, String status, String statusText, boolean auto) {
        return start(id, UserEventRules.STATUS, time).member("userId", userId).member("status", status)
                .member("statusText", statusText).member("auto", auto).endObject().toString();
    }

    /** {@code message.stored}: {@code {id, type, time, chatSessionId, messageId, senderId, sentAt, preview, deliveredTo}}. */
    public static String messageStored(String id, long time, String chatSessionId, String messageId, String senderId,
                                       Instant sentAt, String preview, Collection<String> deliveredTo) {
        JsonText out = start(id, MessageEvents.STORED, time).member("chatSessionId", chatSessionId)
                .member("messageId", messageId).member("senderId", senderId).member("sentAt", sentAt)
                .member("preview", preview).name("deliveredTo").beginArray();
        deliveredTo.forEach(out::value);
        return out.endArray().endObject().toString();
    }

    /** The body of one delivery: {@code {"events": [...]}}, the events' JSON as stored. */
    public static String body(List<String> events) {
        int size = 16;
        for (String e : events) {
            size += e.length() + 1;
        }
        StringBuilder b = new StringBuilder(size).append("{\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(events.get(i));
        }
        return b.append("]}").toString();
    }

    private static JsonText start(String id, String type, long time) {
        return new JsonText().beginObject().member("id", id).member("type", type).member("time", Instant.ofEpochMilli(time));
    }
}
