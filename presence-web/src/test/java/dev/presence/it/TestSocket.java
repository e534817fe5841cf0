package dev.presence.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A WebSocket client for tests: frames are queued as JSON objects and awaited by event. */
public final class TestSocket implements WebSocket.Listener, AutoCloseable {

    private final LinkedBlockingDeque<JsonObject> frames = new LinkedBlockingDeque<>();
    private final List<JsonObject> unclaimed = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket ws;

    public static TestSocket open(URI uri) throws Exception {
        TestSocket s = new TestSocket();
        s.ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, s).get(10, TimeUnit.SECONDS);
        return s;
    }

    public void send(String event, String dataJson, String ref) {
        String frame = "{\"event\":\"" + event + "\"" + (dataJson == null ? "" : ",\"data\":" + dataJson)
                + (ref == null ? "" : ",\"ref\":\"" + ref + "\"") + "}";
        ws.sendText(frame, true).join();
    }

    /** The next frame with this event that passes the test, skipping (and keeping) others. */
    public JsonObject await(String event, Predicate<JsonObject> test, long millis) throws InterruptedException {
        synchronized (unclaimed) {
            for (Iterator<JsonObject> it = unclaimed.iterator(); it.hasNext(); ) {
                JsonObject f = it.next();
                if (event.equals(f.getString("event")) && test.test(f)) {
                    it.remove();
                    return f;
                }
            }
        }
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            long left = deadline - System.currentTimeMillis();
            JsonObject f = left <= 0 ? null : frames.poll(left, TimeUnit.MILLISECONDS);
            if (f == null) {
                throw new AssertionError("no " + event + " within " + millis + " ms; unclaimed: " + unclaimed);
            }
            if (event.equals(f.getString("event")) && test.test(f)) {
                return f;
            }
            synchronized (unclaimed) {
                unclaimed.add(f);
            }
        }
    }

    public JsonObject await(String event) throws InterruptedException {
        return await(event, f -> true, 5_000);
    }

    /** Fails if a frame with this event passing the test arrives within {@code millis}. */
    public void expectNone(String event, Predicate<JsonObject> test, long millis) throws InterruptedException {
        try {
            JsonObject f = await(event, test, millis);
            throw new IllegalStateException("unexpected " + f);
        } catch (AssertionError expected) {
            // nothing came
        }
    }

    public int awaitClose() throws Exception {
        return closed.get(10, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(Json.createReader(new StringReader(partial.toString())).readObject());
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
        closed.completeExceptionally(error);
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            ws.sendClose(1000, "bye");
        }
        ws.abort();
    }
}
