package dev.presence.interfaces.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.interfaces.socket.ProtocolFixture.Client;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A session asking again and again for large replies is held to presence.reply-bytes-per-second. */
class ReplyBudgetTest {

    private final ProtocolFixture node = new ProtocolFixture(Map.of("presence.rate-limit", "100000", "presence.rate-burst",
            "100000", "presence.reply-bytes-per-second", "100000", "presence.reply-bytes-burst", "1000000",
            "presence.session-timeout-ms", "3600000"));

    @AfterEach
    void close() {
        node.close();
    }

    @Test
    void largeRepliesPastTheBudgetAreRefusedWhilePingsGoOnAndTheRefillLetsThemThroughAgain() {
        Client c = node.connect("hoarder", Duration.ofHours(1));
        String thousand = IntStream.range(0, 1000).mapToObj(i -> "\"ghost-" + i + "\"").collect(Collectors.joining(","));
        int snapshots = 0;
        String refused = null;
        for (int i = 0; i < 100 && refused == null; i++) {
            c.send("subscribe-presence", "{\"userIds\":[" + thousand + "]}", "s" + i);
            if (c.last().getString("event").equals("presence-snapshot")) {
                snapshots++;
            } else {
                refused = c.last().getJsonObject("data").getString("code");
            }
        }
        assertEquals("rate-limited", refused);
        assertTrue(snapshots >= 10 && snapshots <= 16, "about 1 MB of ~80 KB snapshots, then no more: " + snapshots);
        c.send("ping", "{}", "p");
        assertEquals("pong", c.last().getString("event"), "small requests still go through");
        c.send("get-online-users", "{\"limit\":1000}", "o");
        assertEquals("rate-limited", c.last().getJsonObject("data").getString("code"));
        node.pass(Duration.ofSeconds(2)); // 200 KB refilled: out of debt
        c.send("subscribe-presence", "{\"userIds\":[" + thousand + "]}", "again");
        assertEquals("presence-snapshot", c.last().getString("event"));
    }
}
