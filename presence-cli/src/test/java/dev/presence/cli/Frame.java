package dev.presence.cli;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.function.Predicate;

/**
 * Which frames a test waits for or counts, by the fields PROTOCOL.md §2 gives them: {@code event}, the
 * members of {@code data}, {@code ref}; never by how the server happens to spell them.
 */
final class Frame {

    private Frame() {
    }

    /**
     * A frame of {@code event} whose {@code data} has each of {@code fields}, given as name, value, name,
     * value... (a String, Boolean or whole number, or null for a JSON null).
     */
    static Predicate<JsonObject> of(String event, Object... fields) {
        if (fields.length % 2 != 0) {
            throw new IllegalArgumentException("fields come as name, value pairs");
        }
        return f -> {
            if (!event.equals(f.getString("event", null)) || !(f.get("data") instanceof JsonObject data)) {
                return false;
            }
            for (int i = 0; i < fields.length; i += 2) {
                if (!data.containsKey((String) fields[i]) || !is(data.get((String) fields[i]), fields[i + 1])) {
                    return false;
                }
            }
            return true;
        };
    }

    /** A {@code user-status-change} of {@code userId} whose data has each of {@code fields} (see {@link #of}). */
    static Predicate<JsonObject> statusOf(String userId, Object... fields) {
        Object[] all = new Object[fields.length + 2];
        all[0] = "userId";
        all[1] = userId;
        System.arraycopy(fields, 0, all, 2, fields.length);
        return of("user-status-change", all);
    }

    /** The reply to a frame sent with {@code ref}. */
    static Predicate<JsonObject> reply(String ref) {
        return f -> ref.equals(f.getString("ref", null));
    }

    private static boolean is(JsonValue v, Object expected) {
        return switch (expected) {
            case null -> v.getValueType() == JsonValue.ValueType.NULL;
            case String s -> v instanceof JsonString j && j.getString().equals(s);
            case Boolean b -> v.getValueType() == (b ? JsonValue.ValueType.TRUE : JsonValue.ValueType.FALSE);
            case Integer n -> v instanceof JsonNumber j && j.isIntegral() && j.longValue() == n;
            case Long n -> v instanceof JsonNumber j && j.isIntegral() && j.longValue() == n;
            default -> throw new IllegalArgumentException("no JSON value to compare with " + expected);
        };
    }
}
