package dev.presence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Near its open-file limit a node refuses new connections cleanly with 1013, keeps serving the sessions it
 * has, and accepts again once files are freed. The limit is lowered to 2048 so the test reaches it fast.
 */
class CapacityIT {

    @TempDir
    Path data;

    private String serverLog() {
        try {
            return Files.readString(data.resolve("server.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records how the server closed a socket, and its first reply. */
    private static final class Closing implements WebSocket.Listener {
        final CompletableFuture<Integer> code = new CompletableFuture<>();
        final CompletableFuture<CharSequence> replied = new CompletableFuture<>();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence text, boolean last) {
            replied.complete(text);
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            code.complete(status);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            code.complete(-1);
        }
    }

    @Test
    void nearTheOpenFileLimitNewConnectionsGet1013AndTheNodeKeepsWorking() throws Exception {
        // the sockets never authenticate: neither the authentication timeout nor the cap on connections waiting to
        // authenticate (900 by default, which comes before the open-file guard's 1848) is what refuses them here
        Serve serve = Serve.start(Serve.freePort(), data, Map.of("PRESENCE_AUTH_TIMEOUT_MS", "600000",
                "PRESENCE_MAX_UNAUTHENTICATED", "18000"), 2048);
        HttpClient http = HttpClient.newHttpClient();
        URI ws = URI.create("ws://127.0.0.1:" + serve.port() + "/ws");
        List<WebSocket> held = new ArrayList<>();
        try {
            int refusedAt = -1;
            for (int i = 0; i < 2100 && refusedAt < 0; i++) {
                Closing listener = new Closing();
                WebSocket s = http.newWebSocketBuilder().buildAsync(ws, listener).get(10, TimeUnit.SECONDS);
                held.add(s);
                try {
                    if (listener.code.get(i % 100 == 99 ? 1500 : 5, TimeUnit.MILLISECONDS) == 1013) {
                        refusedAt = i;
                    }
                } catch (java.util.concurrent.TimeoutException stillOpen) {
                    // accepted
                }
            }
            assertTrue(refusedAt > 0, "no 1013 before 2100 connections");
            Await.until(() -> serverLog().contains("open files reached"), Duration.ofSeconds(10), Duration.ofMillis(100),
                    "the open-file guard to be what refused (its \"open files reached\" in the server's log)");
            HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serve.port() + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, live.statusCode(), "the node still answers at its limit");
            for (int i = 0; i < 400 && !held.isEmpty(); i++) {
                held.remove(held.size() - 1).abort();
            }
            // the guard looks once a second, and logs each turn: its last word must be that it accepts again
            Await.until(() -> {
                String log = serverLog();
                return log.lastIndexOf("open files back under") > log.lastIndexOf("open files reached");
            }, Duration.ofSeconds(10), Duration.ofMillis(100), "the guard to accept new sessions again (its \"open files back under\")");
            Closing again = new Closing();
            WebSocket s = http.newWebSocketBuilder().buildAsync(ws, again).get(10, TimeUnit.SECONDS);
            held.add(s);
            // a refusal closes the socket as it opens: before any reply to what the client sends on it
            s.sendText("{\"event\":\"ping\",\"ref\":\"p\"}", true).exceptionally(closedAlready -> s).get(10, TimeUnit.SECONDS);
            CompletableFuture.anyOf(again.replied, again.code).get(10, TimeUnit.SECONDS);
            assertFalse(again.code.isDone(), () -> "refused again after files were freed: " + again.code.join());
            assertTrue(again.replied.isDone(), "accepted again");
        } finally {
            held.forEach(WebSocket::abort);
            serve.stop();
        }
    }
}
