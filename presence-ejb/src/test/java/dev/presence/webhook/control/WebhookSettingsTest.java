package dev.presence.webhook.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSettingsTest {

    private static final String SECRET = "0123456789abcdef-secret";

    private static Map<String, String> on(String... more) {
        Map<String, String> m = new HashMap<>(Map.of(WebhookSettings.URL, "https://backend.example.com/hooks",
                WebhookSettings.SECRET, SECRET));
        for (int i = 0; i < more.length; i += 2) {
            m.put(more[i], more[i + 1]);
        }
        return m;
    }

    @Test
    void offWithoutAUrl() {
        assertTrue(WebhookSettings.from(key -> null).isEmpty());
        assertTrue(WebhookSettings.from(Map.of(WebhookSettings.URL, "  ", WebhookSettings.SECRET, "x")::get).isEmpty());
    }

    @Test
    void onWithAUrlAndASecretWithTheDefaults() {
        WebhookSettings s = WebhookSettings.from(on()::get).orElseThrow();
        assertEquals("https://backend.example.com/hooks", s.url().toString());
        assertArrayEquals(SECRET.getBytes(StandardCharsets.UTF_8), s.secret());
        assertEquals(Duration.ofHours(24), s.retention());
        assertEquals(10_000, s.queueEvents());
        assertEquals(8L << 20, s.queueBytes());
        assertFalse(s.toString().contains(SECRET), "the secret stays out of logs");
    }

    @Test
    void aUrlWithoutASecretRefusesToStart() {
        Map<String, String> m = on();
        m.remove(WebhookSettings.SECRET);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WebhookSettings.from(m::get));
        assertTrue(e.getMessage().contains("presence.webhook.secret is empty"), e.getMessage());
        m.put(WebhookSettings.SECRET, "   ");
        assertThrows(IllegalArgumentException.class, () -> WebhookSettings.from(m::get));
    }

    @Test
    void badValuesAreRefusedWithTheirKey() {
        record Case(String key, String value, String says) {
        }
        for (Case c : new Case[]{
                new Case(WebhookSettings.SECRET, "short", "at least 16 characters"),
                new Case(WebhookSettings.URL, "ftp://example.com/x", "http or https"),
                new Case(WebhookSettings.URL, "/relative/path", "http or https"),
                new Case(WebhookSettings.URL, "http://exa mple.com/", "is not a URL"),
                new Case(WebhookSettings.RETENTION, "-1", "at least 0"),
                new Case(WebhookSettings.RETENTION, "a day", "must be an integer"),
                new Case(WebhookSettings.QUEUE_EVENTS, "0", "at least 1"),
                new Case(WebhookSettings.QUEUE_EVENTS, "99999999999", "at most"),
                new Case(WebhookSettings.QUEUE_BYTES, "0", "at least 1")}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> WebhookSettings.from(on(c.key(), c.value())::get), c.toString());
            assertTrue(e.getMessage().startsWith(c.key()) && e.getMessage().contains(c.says()), c + ": " + e.getMessage());
        }
    }

    @Test
    void aRetentionOfZeroKeepsNothing() {
        assertEquals(Duration.ZERO, WebhookSettings.from(on(WebhookSettings.RETENTION, "0")::get).orElseThrow().retention());
    }
}
