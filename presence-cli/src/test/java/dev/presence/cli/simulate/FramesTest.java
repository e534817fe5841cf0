package dev.presence.cli.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The frames written with JSON-P are, to the character, what the scenarios sent when they built them by hand. */
class FramesTest {

    @Test
    void framesKeepTheirMembersInTheProtocolsOrder() {
        assertEquals("{\"event\":\"ping\"}", Frames.PING);
        assertEquals("{\"event\":\"authenticate\",\"data\":{\"token\":\"a.b.c\"},\"ref\":\"auth\"}", Frames.authenticate("a.b.c"));
        assertEquals("{\"event\":\"subscribe-presence\",\"data\":{\"userIds\":[\"u-1\",\"u-2\"]}}", Frames.subscribe(List.of("u-1", "u-2")));
        assertEquals("{\"event\":\"unsubscribe-presence\",\"data\":{\"userIds\":[\"u-1\"]}}", Frames.unsubscribe(List.of("u-1")));
        assertEquals("{\"event\":\"set-status\",\"data\":{\"status\":\"away\",\"statusText\":\"round-3\"}}", Frames.setStatus("away", "round-3"));
        assertEquals("{\"event\":\"join-chat-session\",\"data\":{\"chatSessionId\":\"r\"}}", Frames.join("r"));
        assertEquals("{\"event\":\"typing-start\",\"data\":{\"chatSessionId\":\"r\"}}", Frames.typingStart("r"));
        assertEquals("{\"event\":\"send-message\",\"data\":{\"chatSessionId\":\"r\",\"text\":\"m-1\",\"clientMessageId\":\"p-1\"}}",
                Frames.sendMessage("r", "m-1", "p-1", null));
        assertEquals("{\"event\":\"send-message\",\"data\":{\"chatSessionId\":\"r\",\"text\":\"x\",\"clientMessageId\":\"m1\"},\"ref\":\"f\"}",
                Frames.sendMessage("r", "x", "m1", "f"));
        assertEquals("{\"event\":\"get-online-users\",\"data\":{\"limit\":1000}}", Frames.onlineUsers(1000));
        assertEquals("{\"userIds\":[\"a\",\"b\"]}", Frames.userIds(List.of("a", "b")));
    }

    @Test
    void textIsEscaped() {
        assertEquals("{\"event\":\"join-chat-session\",\"data\":{\"chatSessionId\":\"say \\\"hi\\\"\"}}", Frames.join("say \"hi\""));
    }
}
