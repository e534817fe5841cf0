package dev.presence.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;

/** JSON text (a frame, a reply, a command's output) parsed, so a test asserts on its fields, not on its spelling. */
public final class Parsed {

    private Parsed() {
    }

    public static JsonObject object(String json) {
        try (JsonReader r = Json.createReader(new StringReader(json))) {
            return r.readObject();
        }
    }
}
