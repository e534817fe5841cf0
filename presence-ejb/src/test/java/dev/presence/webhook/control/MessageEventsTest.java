package dev.presence.webhook.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.chat.entity.ChatMessage;
import dev.presence.webhook.entity.WebhookEvent;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageEventsTest {

    private final MessageEvents events = new MessageEvents();
    private static final Instant SENT = Instant.parse("2026-11-27T21:30:00.123Z");

    private static ChatMessage message(String text) {
        return new ChatMessage("65f0a0000000000000000001", "room-1", "alice", text, SENT, "c1");
    }

    @Test
    void carriesTheMessageAndWhoHadASessionInTheChatSessionSenderAside() {
        WebhookEvent e = events.stored(message("hello"), List.of("carol", "alice", "bob"), SENT.toEpochMilli() + 5);
        JsonObject json = Events.parse(e.json());
        assertEquals(Set.of("id", "type", "time", "chatSessionId", "messageId", "senderId", "sentAt", "preview", "deliveredTo"),
                json.keySet());
        assertEquals("message.stored:65f0a0000000000000000001", json.getString("id"));
        assertEquals(e.id(), json.getString("id"));
        assertEquals("message.stored", json.getString("type"));
        assertEquals("2026-11-27T21:30:00.128Z", json.getString("time"));
        assertEquals("room-1", json.getString("chatSessionId"));
        assertEquals("alice", json.getString("senderId"));
        assertEquals("2026-11-27T21:30:00.123Z", json.getString("sentAt"));
        assertEquals("hello", json.getString("preview"));
        assertEquals(List.of("bob", "carol"), json.getJsonArray("deliveredTo").getValuesAs(JsonString::getString));
    }

    @Test
    void thePreviewIsTheFirstHundredCharactersNoneCutInHalf() {
        String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units
        String text = emoji.repeat(150);
        String preview = Events.parse(events.stored(message(text), List.of(), 0).json()).getString("preview");
        assertEquals(emoji.repeat(100), preview);
        assertEquals("x".repeat(100), MessageEvents.preview("x".repeat(4000)));
        assertEquals("short", MessageEvents.preview("short"));
    }

    @Test
    void messagesStoredOneAfterAnotherAreInOrderEvenInOneMillisecond() {
        long a = events.stored(message("1"), List.of(), 1_000).seq();
        long b = events.stored(message("2"), List.of(), 1_000).seq();
        long c = events.stored(message("3"), List.of(), 999).seq(); // a clock stepping back
        assertTrue(a < b && b < c, a + " " + b + " " + c);
    }
}
