package dev.presence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.testing.Await;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks end to end on {@code presence serve}, with a real HTTP receiver that checks signatures: while
 * it answers 500 the service keeps retrying; the node is SIGKILLed right after messages are acknowledged,
 * and later stopped gracefully with events waiting; once the receiver answers 200, every event has arrived,
 * at least once, in order per user and per chat session, every request signed.
 */
class WebhooksIT {

    private static final String SECRET = "webhooks-it-secret-0123456789";
    /** How often a wait looks at what the receiver has again. */
    private static final Duration POLL = Duration.ofMillis(50);

    @TempDir
    Path data;

    /** Whether a request (answered or not) has carried events with all these ids: they are in the outbox. */
    private static boolean attempted(WebhookReceiver r, Set<String> ids) {
        Set<String> seen = new HashSet<>();
        r.requests.forEach(q -> q.events().forEach(e -> seen.add(e.getString("id"))));
        return seen.containsAll(ids);
    }

    private static Set<String> idsWhere(WebhookReceiver r, String type, String userId) {
        Set<String> ids = new HashSet<>();
        r.requests.forEach(q -> q.events().stream()
                .filter(e -> e.getString("type").equals(type) && userId.equals(e.getString("userId", null)))
                .forEach(e -> ids.add(e.getString("id"))));
        return ids;
    }

    @Test
    void everyEventArrivesInOrderSignedThroughFailuresACrashAndAStop() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(0, SECRET)) {
            Map<String, String> env = Map.of("PRESENCE_WEBHOOK_URL", receiver.url(), "PRESENCE_WEBHOOK_SECRET", SECRET,
                    "PRESENCE_OFFLINE_GRACE_MS", "500");
            int port = Serve.freePort();
            receiver.answer(500);

            // 1. the receiver fails; presence and messages go on
            Serve first = Serve.start(port, data, env);
            assertTrue(first.output().toString().contains("webhooks: signed batches to " + receiver.url()), first.output().toString());
            Client alice = Client.connect(port, Rest.devToken(first, "alice"));
            Client bob = Client.connect(port, Rest.devToken(first, "bob"));
            alice.send("{\"event\":\"set-status\",\"data\":{\"status\":\"busy\",\"statusText\":\"deep work\"}}");
            bob.send("{\"event\":\"set-idle\",\"data\":{\"idle\":true}}");
            for (Client c : List.of(alice, bob)) {
                c.send("{\"event\":\"join-chat-session\",\"data\":{\"chatSessionId\":\"r1\"},\"ref\":\"j\"}");
                c.reply("j");
            }
            Await.until(() -> idsWhere(receiver, "user.status", "bob").size() == 1
                    && idsWhere(receiver, "user.status", "alice").size() == 1, Duration.ofSeconds(30), POLL, "the status events to be tried");
            // the first retry comes 1 s after the first refusal: wait for it rather than for the clock
            Await.until(() -> receiver.requests.size() >= 2, Duration.ofSeconds(30), POLL, "a retry after the first refusal");
            assertTrue(receiver.requests.stream().allMatch(q -> q.answered() == 500), "tried, refused, tried again");
            List<String> firstRun = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                alice.send("{\"event\":\"send-message\",\"data\":{\"chatSessionId\":\"r1\",\"text\":\"message " + i
                        + "\",\"clientMessageId\":\"a" + i + "\"},\"ref\":\"m" + i + "\"}");
                firstRun.add(alice.acked("m" + i));
            }

            // 2. SIGKILL the node right after the acks, before those messages could be delivered
            ProcessHandle.of(first.serverPid()).orElseThrow().destroyForcibly();
            assertTrue(first.process().waitFor(60, TimeUnit.SECONDS), "serve ends with its server");

            // 3. the receiver is back; so is the node
            receiver.answer(200);
            Serve second = Serve.start(port, data, env);
            Set<String> stored = new HashSet<>(firstRun);
            Await.until(() -> receiver.distinct().stream().filter(e -> e.getString("type").equals("message.stored"))
                    .map(e -> e.getString("messageId")).toList().containsAll(stored), Duration.ofSeconds(60), POLL, "every acknowledged message.stored");
            Await.until(() -> receiver.userEvents("alice").contains("user.offline")
                    && receiver.userEvents("bob").contains("user.offline"), Duration.ofSeconds(30), POLL, "the crashed node's users going offline");

            // 4. a graceful stop with events waiting
            receiver.answer(500);
            Client carol = Client.connect(port, Rest.devToken(second, "carol"));
            carol.send("{\"event\":\"set-status\",\"data\":{\"status\":\"dnd\"}}");
            carol.send("{\"event\":\"join-chat-session\",\"data\":{\"chatSessionId\":\"r1\"},\"ref\":\"j\"}");
            carol.reply("j");
            carol.send("{\"event\":\"send-message\",\"data\":{\"chatSessionId\":\"r1\",\"text\":\"before the stop\"},\"ref\":\"m\"}");
            String carolsMessage = carol.acked("m");
            second.stop();
            assertEquals(0, second.process().exitValue(), second.output().toString());
            receiver.answer(200);
            Serve third = Serve.start(port, data, env);
            try {
                Await.until(() -> receiver.userEvents("carol").contains("user.offline"), Duration.ofSeconds(60), POLL, "carol's offline from the stop");
                Await.until(() -> receiver.distinct().stream().anyMatch(e -> carolsMessage.equals(e.getString("messageId", null))),
                        Duration.ofSeconds(30), POLL, "carol's message");
            } finally {
                third.stop();
            }

            // every request was signed, none had more than 100 events
            assertTrue(receiver.requests.stream().allMatch(WebhookReceiver.Request::signed), "every request is signed");
            assertTrue(receiver.requests.stream().allMatch(q -> q.events().size() <= 100));
            // in order per user, and per chat session
            assertEquals(List.of("user.online", "user.status busy", "user.offline"), receiver.userEvents("alice"));
            assertEquals(List.of("user.online", "user.status away", "user.offline"), receiver.userEvents("bob"));
            assertEquals(List.of("user.online", "user.status dnd", "user.offline"), receiver.userEvents("carol"));
            List<String> inRoom = receiver.distinct().stream().filter(e -> e.getString("type").equals("message.stored"))
                    .map(e -> e.getString("messageId")).toList();
            List<String> expected = new ArrayList<>(firstRun);
            expected.add(carolsMessage);
            assertEquals(expected, inRoom, "every message once, in the order stored");
            JsonObject last = receiver.distinct().stream().filter(e -> carolsMessage.equals(e.getString("messageId", null))).findFirst().orElseThrow();
            assertEquals("before the stop", last.getString("preview"));
            assertEquals("carol", last.getString("senderId"));
            assertEquals(List.of(), last.getJsonArray("deliveredTo").getValuesAs(JsonString::getString), "nobody else was in r1 then");
            JsonObject firstMessage = receiver.distinct().stream().filter(e -> firstRun.get(0).equals(e.getString("messageId", null)))
                    .findFirst().orElseThrow();
            assertEquals(List.of("bob"), firstMessage.getJsonArray("deliveredTo").getValuesAs(JsonString::getString));
            JsonObject bobAway = receiver.distinct().stream().filter(e -> e.getString("type").equals("user.status")
                    && e.getString("userId").equals("bob")).findFirst().orElseThrow();
            assertTrue(bobAway.getBoolean("auto"), bobAway.toString());
        }
    }
}
