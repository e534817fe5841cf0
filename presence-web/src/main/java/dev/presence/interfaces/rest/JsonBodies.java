package dev.presence.interfaces.rest;

import dev.presence.json.JsonParsing;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;

/** Parses request bodies; anything but one JSON object is a 400. */
final class JsonBodies {

    private JsonBodies() {
    }

    static JsonObject object(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        try (JsonReader r = JsonParsing.PROVIDER.createReader(new StringReader(body))) {
            JsonValue v = r.readValue();
            if (v instanceof JsonObject o) {
                return o;
            }
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ApiException.badRequest("the body is not valid JSON");
        }
        throw ApiException.badRequest("the body must be a JSON object");
    }
}
