package dev.presence.webhook.control;

import dev.presence.webhook.entity.WebhookEvent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;

/** Test helpers: events as parsed JSON. */
final class Events {

    private Events() {
    }

    static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    static List<JsonObject> parse(List<WebhookEvent> events) {
        return events.stream().map(e -> parse(e.json())).toList();
    }

    /** "type userId field" summaries, for readable assertions. */
    static List<String> summary(List<WebhookEvent> events) {
        return parse(events).stream().map(Events::summary).toList();
    }

    static String summary(JsonObject e) {
        String type = e.getString("type");
        return switch (type) {
            case "user.status" -> type + " " + e.getString("userId") + " " + e.getString("status")
                    + (e.isNull("statusText") ? "" : " '" + e.getString("statusText") + "'") + (e.getBoolean("auto") ? " auto" : "");
            case "user.online", "user.offline" -> type + " " + e.getString("userId");
            default -> type + " " + e.getString("messageId", "");
        };
    }
}
