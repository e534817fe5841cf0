package dev.presence.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test's socket to a serve: queues text frames (and keeps them all), and remembers its close code. */
final class Client implements WebSocket.Listener {
    final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
    final List<String> all = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    WebSocket ws;

    /** An authenticated socket to the serve on {@code port}. */
    static Client connect(int port, String token) throws Exception {
        Client c = new Client();
        c.ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), c).get(10, TimeUnit.SECONDS);
        c.send("{\"event\":\"authenticate\",\"data\":{\"token\":\"" + token + "\"},\"ref\":\"a\"}");
        String reply = c.awaitContaining("\"ref\":\"a\"");
        assertTrue(reply.contains("authentication-success"), reply);
        return c;
    }

    void send(String frame) {
        ws.sendText(frame, true).join();
    }

    String awaitContaining(String text) throws InterruptedException {
        return awaitContaining(text, 10_000);
    }

    /** The next frame containing {@code text}; frames before it are skipped (they stay in {@link #all}). */
    String awaitContaining(String text, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            String f = frames.poll(100, TimeUnit.MILLISECONDS);
            if (f != null && f.contains(text)) {
                return f;
            }
        }
        throw new AssertionError("no frame containing " + text + " within " + timeoutMillis + " ms; had " + all);
    }

    /** How many frames so far contain every one of {@code texts}. */
    long count(String... texts) {
        return all.stream().filter(f -> List.of(texts).stream().allMatch(f::contains)).count();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(partial.toString());
            all.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }
}
