package dev.presence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.testing.Await;
import dev.presence.testing.Parsed;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's commands against one {@code presence serve} with development keys: the service commands
 * through REST, and {@code simulate} at small scale, whose counts must be exact when nothing is lost.
 */
class CliAgainstServeIT {

    private static Path data;
    private static Serve serve;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("presence-cli-it");
        serve = Serve.start(Serve.freePort(), data, Map.of("PRESENCE_OFFLINE_GRACE_MS", "200"));
    }

    @AfterAll
    static void stop() throws Exception {
        serve.stop();
        OwnerOnlyFiles.deleteTree(data);
    }

    private static Cli cli(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--url";
        all[args.length + 1] = "http://127.0.0.1:" + serve.port();
        all[args.length + 2] = "--data-dir";
        all[args.length + 3] = data.toString();
        return Cli.run(all);
    }

    /** A whole-number figure of a command's {@code --json} output. */
    private static long figure(String json, String name) {
        JsonObject figures = Parsed.object(json);
        assertTrue(figures.containsKey(name), name + " missing from " + json);
        return figures.getJsonNumber(name).longValueExact();
    }

    private static String serverLog() {
        try {
            return Files.readString(data.resolve("server.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void serviceCommandsShowStatusOnlineCountAndKick() throws Exception {
        String token = Cli.run("token", "carol", "--data-dir", data.toString()).out().trim();
        assertEquals(3, token.split("\\.").length, "a JWT");
        Client carol = Client.connect(serve.port(), token);
        try {
            // the reply to authenticate goes out just ahead of carol's change to online
            Await.until(() -> {
                Rest.Reply r = Rest.get(serve, "/api/user-status/carol", null);
                return r.status() == 200 && r.json().getBoolean("isOnline");
            }, Duration.ofSeconds(10), Duration.ofMillis(20), "carol to be online");
            Cli status = cli("status", "carol", "nobody");
            assertEquals(0, status.exit(), status.err());
            assertTrue(status.out().contains("carol") && status.out().contains("yes"), status.out());
            assertTrue(status.out().contains("never"), "a user never seen: " + status.out());
            JsonObject online = Parsed.object(cli("online", "--json").out());
            assertTrue(online.getJsonArray("users").stream().anyMatch(u -> u.asJsonObject().getString("userId").equals("carol")), online.toString());
            assertTrue(Long.parseLong(cli("count").out().trim()) >= 1);
            Cli kick = cli("kick", "carol");
            assertEquals(0, kick.exit(), kick.err());
            assertTrue(kick.out().contains("closed 1 session(s) of carol"), kick.out());
        } finally {
            carol.ws.abort();
        }
        Cli refused = Cli.run("kick", "carol", "--url", "http://127.0.0.1:" + serve.port(), "--token", "not-a-jwt");
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("unauthorized"), refused.err());
    }

    /**
     * Against a serve of another data dir the CLI sends no token minted from its own data dir's key: reads go
     * anonymously (this serve allows them), and an operator command is refused with the reason.
     */
    @Test
    void aCommandGivenAnotherDataDirSendsNoTokenOfItsKey() throws Exception {
        Path other = Files.createTempDirectory("presence-cli-other");
        try {
            assertEquals(0, Cli.run("token", "x", "--data-dir", data.toString()).exit());
            DevKeys.in(other).createIfMissing(); // a key of another service
            Cli count = Cli.run("count", "--url", "http://127.0.0.1:" + serve.port(), "--data-dir", other.toString());
            assertEquals(0, count.exit(), count.err());
            Cli kick = Cli.run("kick", "carol", "--url", "http://127.0.0.1:" + serve.port(), "--data-dir", other.toString());
            assertEquals(1, kick.exit());
            assertTrue(kick.err().contains("no presence serve of the data dir " + other), kick.err());
        } finally {
            OwnerOnlyFiles.deleteTree(other);
        }
    }

    /** Fails when a Payara (Tyrus) upgrade moves the writer the fast path reaches by reflection. */
    @Test
    void theServiceWritesFramesStraightToTyrussWriterWithGrizzlySenders() throws Exception {
        java.util.concurrent.CompletableFuture<CharSequence> reply = new java.util.concurrent.CompletableFuture<>();
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            var socket = http.newWebSocketBuilder().buildAsync(java.net.URI.create("ws://127.0.0.1:" + serve.port() + "/ws"),
                    new java.net.http.WebSocket.Listener() {
                        @Override
                        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence text, boolean last) {
                            reply.complete(text);
                            return null;
                        }
                    }).get();
            socket.sendText("{\"event\":\"ping\"}", true).get();
            JsonObject frame = Parsed.object(reply.get(10, java.util.concurrent.TimeUnit.SECONDS).toString());
            assertTrue(frame.containsKey("event"), frame.toString());
            socket.abort();
        }
        // the server's log is written behind
        Await.until(() -> serverLog().contains("outbound frames:"), Duration.ofSeconds(10), Duration.ofMillis(100),
                "the server to log how it writes outbound frames");
        String log = serverLog();
        assertTrue(log.contains("outbound frames: written to Tyrus's connection writer"), "the connection used the API");
        assertTrue(log.contains("frame senders: Grizzly worker threads"), "the senders are managed threads");
        assertTrue(log.contains("limited to 1048576"), "Grizzly's write queue per connection was not bounded: a client "
                + "that stops reading would cost what Grizzly queues, past presence.outbound-queue-bytes");
    }

    @Test
    void simulateHoldCountsEverySession() {
        Cli r = cli("simulate", "hold", "--sessions", "100", "--rate", "200", "--hold", "1s", "--prefix", "h", "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(100, figure(r.out(), "sessions_established"));
        assertEquals(0, figure(r.out(), "sessions_failed"));
    }

    @Test
    void simulateHoldSpreadOverWorkersAddsTheirSessionsUp() {
        Cli r = cli("simulate", "hold", "--sessions", "90", "--rate", "200", "--hold", "1s", "--workers", "2", "--prefix", "w", "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(90, figure(r.out(), "sessions_established"));
        assertEquals(90, figure(r.out(), "connect_auth_count"));
    }

    @Test
    void simulateFanoutMissesAndDuplicatesNothing() {
        Cli r = cli("simulate", "fanout", "--watchers", "20", "--rounds", "2", "--prefix", "f", "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(120, figure(r.out(), "events_expected"));
        assertEquals(0, figure(r.out(), "events_missing"));
        assertEquals(0, figure(r.out(), "events_duplicated"));
    }

    @Test
    void simulateRoomDeliversEveryMessageOnceToEveryOtherMember() {
        Cli r = cli("simulate", "room", "--members", "20", "--messages", "40", "--msg-rate", "40", "--prefix", "r", "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(40, figure(r.out(), "messages_acked"));
        assertEquals(40 * 19, figure(r.out(), "deliveries_expected"));
        assertEquals(0, figure(r.out(), "deliveries_missing"));
        assertEquals(0, figure(r.out(), "deliveries_duplicated"));
    }

    @Test
    void simulateChurnReconnectsOnSchedule() {
        Cli r = cli("simulate", "churn", "--sessions", "10", "--interval", "1s", "--duration", "3s", "--prefix", "c", "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(0, figure(r.out(), "sessions_failed"));
        assertTrue(figure(r.out(), "connects") >= 20, r.out());
    }

    @Test
    void simulateMixedGetsEveryMessageAckedAndNoError() {
        Cli r = cli("simulate", "mixed", "--users", "10", "--duration", "3s", "--actions", "15", "--seed", "7", "--prefix", "x", "--json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(figure(r.out(), "messages_sent") > 0, r.out());
        assertEquals(0, figure(r.out(), "acks_missing"), r.out());
        assertEquals(0, figure(r.out(), "errors"), r.out());
    }
}
