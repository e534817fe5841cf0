package dev.presence.cli.simulate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * One simulated session over the JDK WebSocket client: authenticates, pings, and hands every server
 * frame (its event and raw text) to the scenario. Frames are inspected as text, not parsed, to keep the
 * driver cheap next to the server it measures.
 */
final class LoadClient implements WebSocket.Listener {

    final String userId;
    private final BiConsumer<LoadClient, String> onFrame;
    private final StringBuilder partial = new StringBuilder();
    final CompletableFuture<Long> authenticated = new CompletableFuture<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile WebSocket ws;
    /** Set when the attempt is given up: a socket that opens after that is dropped at once. */
    private volatile boolean abandoned;
    /** Set to stop reading: the client takes no more frames, as a peer that stopped reading does. */
    volatile boolean paused;

    LoadClient(String userId, BiConsumer<LoadClient, String> onFrame) {
        this.userId = userId;
        this.onFrame = onFrame;
    }

    /** Connects and authenticates; completes with the connect+auth latency in nanoseconds. */
    CompletableFuture<Long> start(HttpClient http, URI ws, String token, long timeoutMillis) {
        long started = System.nanoTime();
        // the builder's own timeout ends a handshake that takes too long and frees its socket; orTimeout alone
        // would leave the socket open behind a future already failed (a restart storm ran out of open files so)
        http.newWebSocketBuilder().connectTimeout(java.time.Duration.ofMillis(timeoutMillis)).buildAsync(ws, this)
                .orTimeout(timeoutMillis + 5000, TimeUnit.MILLISECONDS)
                .whenComplete((socket, error) -> {
                    if (error != null) {
                        authenticated.completeExceptionally(error);
                        return;
                    }
                    this.ws = socket;
                    if (abandoned) {
                        socket.abort();
                        return;
                    }
                    send(Frames.authenticate(token));
                });
        return authenticated.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).thenApply(t -> t - started);
    }

    void send(String frame) {
        WebSocket w = ws;
        if (w != null && !w.isOutputClosed()) {
            synchronized (this) { // the JDK client allows one outstanding send at a time
                w.sendText(frame, true).join();
            }
        }
    }

    void close() {
        WebSocket w = ws;
        if (w != null && !w.isOutputClosed()) {
            w.sendClose(1000, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> {
                w.abort();
                return null;
            });
        }
    }

    /** Gives the attempt up, as a browser does when it stops waiting: the socket is dropped, now or when it opens. */
    void abandon() {
        abandoned = true;
        WebSocket w = ws;
        if (w != null) {
            w.abort();
        }
    }

    boolean isOpen() {
        return ws != null && !closed.isDone();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String frame = partial.toString();
            partial.setLength(0);
            if (!authenticated.isDone() && frame.contains("\"ref\":\"auth\"")) {
                if (frame.startsWith("{\"event\":\"authentication-success\"")) {
                    authenticated.complete(System.nanoTime());
                } else {
                    authenticated.completeExceptionally(new IllegalStateException("refused: " + frame));
                }
            } else {
                onFrame.accept(this, frame);
            }
        }
        if (!paused) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        authenticated.completeExceptionally(new IllegalStateException("closed " + statusCode));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
        authenticated.completeExceptionally(error);
    }

    /** The value of a string member in a frame's text, e.g. {@code field(frame, "userId")}. */
    static String field(String frame, String name) {
        String key = "\"" + name + "\":\"";
        int i = frame.indexOf(key);
        if (i < 0) {
            return null;
        }
        int from = i + key.length();
        int to = frame.indexOf('"', from);
        return to < 0 ? null : frame.substring(from, to);
    }
}
