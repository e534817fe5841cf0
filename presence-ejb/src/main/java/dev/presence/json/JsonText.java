package dev.presence.json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A small JSON writer for the frames and bodies the service sends. Frames are encoded once per event
 * and shared by every recipient, so this stays allocation-light: one StringBuilder, no reflection.
 */
public final class JsonText {

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder(128);
    private boolean needComma;

    public static String timestamp(Instant instant) {
        return ISO_MILLIS.format(instant);
    }

    public JsonText beginObject() {
        comma();
        out.append('{');
        needComma = false;
        return this;
    }

    public JsonText endObject() {
        out.append('}');
        needComma = true;
        return this;
    }

    public JsonText beginArray() {
        comma();
        out.append('[');
        needComma = false;
        return this;
    }

    public JsonText endArray() {
        out.append(']');
        needComma = true;
        return this;
    }

    /** Starts a member: the next value written is its value. */
    public JsonText name(String name) {
        comma();
        quote(name);
        out.append(':');
        needComma = false;
        return this;
    }

    public JsonText value(String s) {
        comma();
        if (s == null) {
            out.append("null");
        } else {
            quote(s);
        }
        needComma = true;
        return this;
    }

    public JsonText value(long n) {
        comma();
        out.append(n);
        needComma = true;
        return this;
    }

    public JsonText value(boolean b) {
        comma();
        out.append(b);
        needComma = true;
        return this;
    }

    public JsonText value(Instant instant) {
        return value(instant == null ? null : timestamp(instant));
    }

    /** Appends already-encoded JSON (a nested object encoded once and reused). */
    public JsonText raw(String json) {
        comma();
        out.append(json);
        needComma = true;
        return this;
    }

    public JsonText member(String name, String value) {
        return name(name).value(value);
    }

    public JsonText member(String name, long value) {
        return name(name).value(value);
    }

    public JsonText member(String name, boolean value) {
        return name(name).value(value);
    }

    public JsonText member(String name, Instant value) {
        return name(name).value(value);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void comma() {
        if (needComma) {
            out.append(',');
        }
    }

    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
