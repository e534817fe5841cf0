package dev.presence.interfaces.socket;

import jakarta.json.JsonObject;

/** A decoded client frame: {@code data} is never null (absent or null data means {}). */
public record InboundFrame(String event, JsonObject data, String ref) {
}
