package dev.presence.interfaces.socket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** WebSocket text frames as a server writes them (RFC 6455 §5.2): each one final and unmasked, back to back. */
final class TextFrames {

    private static final byte FINAL_TEXT = (byte) 0x81;
    private static final int MAX_7_BIT = 125;
    private static final int MAX_16_BIT = 0xFFFF;

    private TextFrames() {
    }

    static ByteBuffer encode(List<String> texts) {
        byte[][] payloads = new byte[texts.size()][];
        int total = 0;
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = texts.get(i).getBytes(StandardCharsets.UTF_8);
            total += headerLength(payloads[i].length) + payloads[i].length;
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        for (byte[] payload : payloads) {
            out.put(FINAL_TEXT);
            if (payload.length <= MAX_7_BIT) {
                out.put((byte) payload.length);
            } else if (payload.length <= MAX_16_BIT) {
                out.put((byte) 126).putShort((short) payload.length);
            } else {
                out.put((byte) 127).putLong(payload.length);
            }
            out.put(payload);
        }
        return out.flip();
    }

    private static int headerLength(int payloadLength) {
        return payloadLength <= MAX_7_BIT ? 2 : payloadLength <= MAX_16_BIT ? 4 : 10;
    }
}
