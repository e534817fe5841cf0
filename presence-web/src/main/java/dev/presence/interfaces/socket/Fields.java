package dev.presence.interfaces.socket;

import dev.presence.status.entity.Identifiers;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/** Reads and checks the fields of a frame's {@code data} (and of REST bodies); every failure is a bad-request. */
public final class Fields {

    private Fields() {
    }

    /** A string field, or null when absent or null. */
    public static String optionalString(JsonObject data, String name, int maxLength) throws BadRequestException {
        JsonValue v = data.get(name);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (!(v instanceof JsonString s)) {
            throw new BadRequestException(name + " must be a string");
        }
        if (s.getString().length() > maxLength) {
            throw new BadRequestException(name + " must be at most " + maxLength + " characters");
        }
        return s.getString();
    }

    public static String requiredString(JsonObject data, String name, int maxLength) throws BadRequestException {
        String s = optionalString(data, name, maxLength);
        if (s == null) {
            throw new BadRequestException(name + " is required");
        }
        return s;
    }

    public static String identifier(JsonObject data, String name) throws BadRequestException {
        String id = requiredString(data, name, Integer.MAX_VALUE);
        if (!Identifiers.isValid(id)) {
            throw new BadRequestException(name + " must be 1-128 characters of A-Z a-z 0-9 . _ @ + -");
        }
        return id;
    }

    public static int optionalInt(JsonObject data, String name, int min, int max, int def) throws BadRequestException {
        JsonValue v = data.get(name);
        if (v == null || v == JsonValue.NULL) {
            return def;
        }
        if (!(v instanceof JsonNumber n) || !n.isIntegral()) {
            throw new BadRequestException(name + " must be an integer from " + min + " to " + max);
        }
        try {
            int i = n.bigDecimalValue().intValueExact();
            if (i < min || i > max) {
                throw new BadRequestException(name + " must be an integer from " + min + " to " + max);
            }
            return i;
        } catch (ArithmeticException e) {
            throw new BadRequestException(name + " must be an integer from " + min + " to " + max);
        }
    }

    public static boolean requiredBoolean(JsonObject data, String name) throws BadRequestException {
        JsonValue v = data.get(name);
        if (v == JsonValue.TRUE || v == JsonValue.FALSE) {
            return v == JsonValue.TRUE;
        }
        throw new BadRequestException(name + (v == null || v == JsonValue.NULL ? " is required" : " must be true or false"));
    }

    public static boolean optionalBoolean(JsonObject data, String name) throws BadRequestException {
        JsonValue v = data.get(name);
        if (v == null || v == JsonValue.NULL || v == JsonValue.FALSE) {
            return false;
        }
        if (v == JsonValue.TRUE) {
            return true;
        }
        throw new BadRequestException(name + " must be a boolean");
    }

    /** A list of 1 to {@code max} valid identifiers. */
    public static List<String> identifiers(JsonObject data, String name, int max) throws BadRequestException {
        JsonValue v = data.get(name);
        if (!(v instanceof JsonArray a)) {
            throw new BadRequestException(name + " must be a list of 1 to " + max + " ids");
        }
        if (a.isEmpty() || a.size() > max) {
            throw new BadRequestException(name + " must hold 1 to " + max + " ids, got " + a.size());
        }
        List<String> ids = new ArrayList<>(a.size());
        for (JsonValue e : a) {
            if (!(e instanceof JsonString s) || !Identifiers.isValid(s.getString())) {
                throw new BadRequestException(name + " must hold only ids of 1-128 characters of A-Z a-z 0-9 . _ @ + -");
            }
            ids.add(s.getString());
        }
        return ids;
    }
}
