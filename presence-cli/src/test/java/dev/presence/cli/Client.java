package dev.presence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.presence.testing.Parsed;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

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
        JsonObject reply = c.reply("a");
        assertEquals("authentication-success", reply.getString("event"), reply.toString());
        return c;
    }

    void send(String frame) {
        ws.sendText(frame, true).join();
    }

    /** The next frame that matches (see {@link Frame}), parsed; frames before it are skipped (they stay in {@link #all}). */
    JsonObject await(Predicate<JsonObject> frame) throws InterruptedException {
        return await(frame, 10_000);
    }

    JsonObject await(Predicate<JsonObject> frame, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            String f = frames.poll(100, TimeUnit.MILLISECONDS);
            JsonObject parsed = f == null ? null : Parsed.object(f);
            if (parsed != null && frame.test(parsed)) {
                return parsed;
            }
        }
        throw new AssertionError("no frame that matches within " + timeoutMillis + " ms; had " + all);
    }

    /** The reply to the frame this client sent with {@code ref}, parsed. */
    JsonObject reply(String ref) throws InterruptedException {
        return await(Frame.reply(ref));
    }

    /** The messageId of the {@code message-ack} to the message this client sent with {@code ref}. */
    String acked(String ref) throws InterruptedException {
        JsonObject ack = reply(ref);
        assertEquals("message-ack", ack.getString("event"), ack.toString());
        return ack.getJsonObject("data").getString("messageId");
    }

    /**
     * A round trip: a ping, and its pong. The server writes a session's frames in the order it queues them,
     * so every frame queued for this client before the ping has arrived once the pong has.
     */
    void roundTrip() throws InterruptedException {
        send("{\"event\":\"ping\",\"ref\":\"round-trip\"}");
        reply("round-trip");
    }

    /** How many frames so far match (see {@link Frame}). */
    long count(Predicate<JsonObject> frame) {
        return all.stream().map(Parsed::object).filter(frame).count();
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
