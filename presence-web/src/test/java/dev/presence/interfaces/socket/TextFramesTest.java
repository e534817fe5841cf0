package dev.presence.interfaces.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextFramesTest {

    /** Reads frames back as a client does (RFC 6455 §5.2), checking each is a final, unmasked text frame. */
    static List<String> decode(ByteBuffer frames) {
        List<String> texts = new ArrayList<>();
        while (frames.hasRemaining()) {
            assertEquals((byte) 0x81, frames.get(), "FIN and opcode 1 (text)");
            int second = frames.get() & 0xFF;
            assertEquals(0, second & 0x80, "a server's frames are not masked");
            long length = second & 0x7F;
            if (length == 126) {
                length = frames.getShort() & 0xFFFF;
            } else if (length == 127) {
                length = frames.getLong();
            }
            byte[] payload = new byte[(int) length];
            frames.get(payload);
            texts.add(new String(payload, StandardCharsets.UTF_8));
        }
        return texts;
    }

    @Test
    void framesOfEveryLengthEncodingReadBackInOrder() {
        List<String> texts = List.of("", "{\"type\":\"pong\"}", "a".repeat(125), "b".repeat(126), "c".repeat(65_535),
                "d".repeat(65_536), "e".repeat(70_000));
        assertEquals(texts, decode(TextFrames.encode(texts)));
    }

    @Test
    void eachLengthUsesTheShortestFieldAtItsBoundaries() {
        assertEquals(2 + 125, TextFrames.encode(List.of("a".repeat(125))).remaining(), "7-bit length");
        ByteBuffer at126 = TextFrames.encode(List.of("a".repeat(126)));
        assertEquals(4 + 126, at126.remaining(), "16-bit length from 126");
        assertEquals(126, at126.get(1));
        ByteBuffer at65535 = TextFrames.encode(List.of("a".repeat(65_535)));
        assertEquals(4 + 65_535, at65535.remaining(), "16-bit length up to 65,535");
        assertEquals(65_535, at65535.getShort(2) & 0xFFFF);
        ByteBuffer at65536 = TextFrames.encode(List.of("a".repeat(65_536)));
        assertEquals(10 + 65_536, at65536.remaining(), "64-bit length from 65,536");
        assertEquals(127, at65536.get(1));
        assertEquals(65_536L, at65536.getLong(2));
    }

    @Test
    void theLengthIsCountedInUtf8BytesNotCharacters() {
        String text = "é".repeat(100); // 100 characters, 200 bytes: past the 7-bit length
        ByteBuffer frame = TextFrames.encode(List.of(text));
        assertEquals(2 + 2 + 200, frame.remaining());
        assertEquals(126, frame.get(1));
        assertEquals(List.of(text), decode(frame));
    }

    @Test
    void charactersOutsideTheBasicPlaneSurviveTheTrip() {
        String text = "{\"text\":\"hi 👋 — ok\"}";
        assertEquals(List.of(text), decode(TextFrames.encode(List.of(text))));
        assertFalse(TextFrames.encode(List.of()).hasRemaining());
    }
}
