package dev.presence.interfaces.socket;

import dev.presence.json.JsonParsing;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;

/**
 * Decodes a text frame into {@link InboundFrame}, by the frame rules of PROTOCOL.md §2. Nesting is limited
 * to {@link #MAX_DEPTH} levels while parsing, so a hostile frame cannot make the server recurse deeply.
 */
public final class FrameDecoder {

    public static final int MAX_DEPTH = 8;
    public static final int MAX_REF_LENGTH = 64;

    private FrameDecoder() {
    }

    public static InboundFrame decode(String text) throws BadRequestException {
        JsonObject frame;
        try (JsonParser parser = JsonParsing.PROVIDER.createParser(new StringReader(text))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new BadRequestException("a frame must be a JSON object");
            }
            frame = readObject(parser, 1);
            if (parser.hasNext()) {
                throw new BadRequestException("a frame must be one JSON object");
            }
        } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
            throw new BadRequestException("a frame must be valid JSON");
        }
        JsonValue event = frame.get("event");
        if (!(event instanceof JsonString e) || e.getString().isEmpty()) {
            throw new BadRequestException("event must be a non-empty string");
        }
        JsonValue data = frame.get("data");
        if (data != null && data != JsonValue.NULL && data.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new BadRequestException("data must be an object");
        }
        JsonValue ref = frame.get("ref");
        String refText = null;
        if (ref != null && ref != JsonValue.NULL) {
            if (!(ref instanceof JsonString r) || r.getString().length() > MAX_REF_LENGTH) {
                throw new BadRequestException("ref must be a string of at most " + MAX_REF_LENGTH + " characters");
            }
            refText = r.getString();
        }
        return new InboundFrame(e.getString(), data == null || data == JsonValue.NULL ? JsonValue.EMPTY_JSON_OBJECT : data.asJsonObject(), refText);
    }

    /** The {@code ref} of a frame that failed to decode, when it can be read at all; for the error reply. */
    public static String refOf(String text) {
        try (var reader = JsonParsing.PROVIDER.createReader(new StringReader(text))) {
            JsonValue v = reader.readValue();
            if (v instanceof JsonObject o && o.get("ref") instanceof JsonString r && r.getString().length() <= MAX_REF_LENGTH) {
                return r.getString();
            }
        } catch (RuntimeException e) {
            // unreadable: no ref
        }
        return null;
    }

    private static JsonObject readObject(JsonParser parser, int depth) throws BadRequestException {
        if (depth > MAX_DEPTH) {
            throw new BadRequestException("a frame may nest at most " + MAX_DEPTH + " levels");
        }
        JsonObjectBuilder b = JsonParsing.PROVIDER.createObjectBuilder();
        while (true) {
            JsonParser.Event ev = parser.next();
            if (ev == JsonParser.Event.END_OBJECT) {
                return b.build();
            }
            String key = parser.getString();
            b.add(key, readValue(parser, parser.next(), depth));
        }
    }

    private static JsonValue readValue(JsonParser parser, JsonParser.Event ev, int depth) throws BadRequestException {
        return switch (ev) {
            case START_OBJECT -> readObject(parser, depth + 1);
            case START_ARRAY -> readArray(parser, depth + 1);
            case VALUE_STRING -> JsonParsing.PROVIDER.createValue(parser.getString());
            case VALUE_NUMBER -> JsonParsing.PROVIDER.createValue(parser.getBigDecimal());
            case VALUE_TRUE -> JsonValue.TRUE;
            case VALUE_FALSE -> JsonValue.FALSE;
            case VALUE_NULL -> JsonValue.NULL;
            default -> throw new BadRequestException("a frame must be valid JSON");
        };
    }

    private static JsonValue readArray(JsonParser parser, int depth) throws BadRequestException {
        if (depth > MAX_DEPTH) {
            throw new BadRequestException("a frame may nest at most " + MAX_DEPTH + " levels");
        }
        JsonArrayBuilder b = JsonParsing.PROVIDER.createArrayBuilder();
        while (true) {
            JsonParser.Event ev = parser.next();
            if (ev == JsonParser.Event.END_ARRAY) {
                return b.build();
            }
            b.add(readValue(parser, ev, depth));
        }
    }
}
