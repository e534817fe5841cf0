package dev.presence.cli.simulate;

import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObjectBuilder;
import java.util.Collection;
import java.util.Map;

/**
 * The frames the simulated clients send, {@code {"event":…,"data":{…}}} and at times a {@code "ref"}, and the
 * REST bodies they post, written with JSON-P.
 */
final class Frames {

    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());
    static final String PING = JSON.createObjectBuilder().add("event", "ping").build().toString();

    private Frames() {
    }

    static String authenticate(String token) {
        return frame("authenticate", JSON.createObjectBuilder().add("token", token), "auth");
    }

    static String subscribe(Collection<String> userIds) {
        return frame("subscribe-presence", userIdsOf(userIds), null);
    }

    static String unsubscribe(Collection<String> userIds) {
        return frame("unsubscribe-presence", userIdsOf(userIds), null);
    }

    static String setStatus(String status, String statusText) {
        return frame("set-status", JSON.createObjectBuilder().add("status", status).add("statusText", statusText), null);
    }

    static String join(String chatSessionId) {
        return frame("join-chat-session", JSON.createObjectBuilder().add("chatSessionId", chatSessionId), null);
    }

    static String typingStart(String chatSessionId) {
        return frame("typing-start", JSON.createObjectBuilder().add("chatSessionId", chatSessionId), null);
    }

    static String sendMessage(String chatSessionId, String text, String clientMessageId, String ref) {
        return frame("send-message", JSON.createObjectBuilder().add("chatSessionId", chatSessionId).add("text", text)
                .add("clientMessageId", clientMessageId), ref);
    }

    static String onlineUsers(int limit) {
        return frame("get-online-users", JSON.createObjectBuilder().add("limit", limit), null);
    }

    /** The body of {@code POST /api/user-status/batch}: {@code {"userIds":[…]}}. */
    static String userIds(Collection<String> userIds) {
        return userIdsOf(userIds).build().toString();
    }

    private static JsonObjectBuilder userIdsOf(Collection<String> userIds) {
        return JSON.createObjectBuilder().add("userIds", JSON.createArrayBuilder(userIds));
    }

    private static String frame(String event, JsonObjectBuilder data, String ref) {
        JsonObjectBuilder f = JSON.createObjectBuilder().add("event", event).add("data", data);
        return (ref == null ? f : f.add("ref", ref)).build().toString();
    }
}
