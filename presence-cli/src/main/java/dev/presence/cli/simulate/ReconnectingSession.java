package dev.presence.cli.simulate;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * One user's session kept up the way the browser client keeps it (presence-js/src/connection.js): after a
 * loss or a failed attempt, attempt n waits {@link Backoff#delayMillis} (full jitter, base 1 s, cap 30 s),
 * and the count resets only when an attempt authenticates. Each attempt goes to the next node of the list
 * after the last one tried, so in a cluster the clients of a stopped node spread over the others. An
 * attempt that neither authenticates nor fails within the timeout is given up (its socket dropped), as a
 * browser's would be.
 */
final class ReconnectingSession {

    /** What the scenario hears of each attempt. */
    interface Events {
        /** An attempt started at {@code startNanos} authenticated at {@code authNanos} on node {@code node}, after {@code attempts} tries. */
        void authenticated(ReconnectingSession s, long startNanos, long authNanos, int attempts, int node);

        void attemptFailed(ReconnectingSession s, Throwable error);

        void lost(ReconnectingSession s, int code);
    }

    final String userId;
    final int index;
    private final List<URI> nodes;
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final Events events;
    private final BiConsumer<ReconnectingSession, String> onFrame;
    private final long timeoutMillis;
    private final SplittableRandom random;
    private volatile String token;
    private volatile LoadClient current;
    private volatile boolean live;
    private volatile boolean stopped;
    /** Failed attempts since the last authentication: the backoff's n. */
    private int attempt;
    private int node;
    /** The node of the live session, or -1. */
    volatile int liveNode = -1;
    /** When the session last authenticated (System.nanoTime), 0 before the first time. */
    volatile long authenticatedAt;

    ReconnectingSession(String userId, int index, List<URI> nodes, int home, HttpClient http, ScheduledExecutorService timer,
                        String token, long timeoutMillis, long seed, Events events, BiConsumer<ReconnectingSession, String> onFrame) {
        this.userId = userId;
        this.index = index;
        this.nodes = nodes;
        this.node = home;
        this.http = http;
        this.timer = timer;
        this.token = token;
        this.timeoutMillis = timeoutMillis;
        this.random = new SplittableRandom(seed * 1_000_003L + index);
        this.events = events;
        this.onFrame = onFrame;
    }

    /** The token of every later attempt. */
    void useToken(String fresh) {
        token = fresh;
    }

    /** Starts an attempt now. */
    void connect() {
        if (stopped) {
            return;
        }
        int target = node;
        long start = System.nanoTime();
        LoadClient c = new LoadClient(userId, (client, frame) -> onFrame.accept(this, frame));
        current = c;
        c.start(http, nodes.get(target), token, timeoutMillis).whenComplete((nanos, error) -> {
            if (error != null) {
                c.abandon();
                events.attemptFailed(this, error);
                retry();
                return;
            }
            int tries;
            synchronized (this) {
                tries = attempt + 1;
                attempt = 0;
            }
            live = true;
            liveNode = target;
            authenticatedAt = start + nanos;
            events.authenticated(this, start, start + nanos, tries, target);
            c.closed.whenComplete((code, e) -> {
                if (current == c) {
                    live = false;
                    liveNode = -1;
                    events.lost(this, code == null ? -1 : code);
                    retry();
                }
            });
        });
    }

    private void retry() {
        if (stopped) {
            return;
        }
        long delay;
        synchronized (this) {
            attempt++;
            node = (node + 1) % nodes.size();
            delay = Backoff.delayMillis(attempt, random.nextDouble());
        }
        timer.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    /** Authenticated and still open. */
    boolean isLive() {
        LoadClient c = current;
        return live && c != null && c.isOpen();
    }

    void send(String frame) {
        LoadClient c = current;
        if (live && c != null && c.isOpen()) {
            try {
                c.send(frame);
            } catch (RuntimeException closing) {
                // closed meanwhile: the close handler reconnects
            }
        }
    }

    /** For good: no more attempts, the session closed. */
    void stop() {
        stopped = true;
        LoadClient c = current;
        if (c != null) {
            c.close();
        }
    }

    /** Why an attempt failed, in a few words: timed out, refused 1013, connection refused, handshake 503, ... */
    static String reason(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof TimeoutException || e instanceof java.net.http.HttpTimeoutException) {
            return "timed out";
        }
        if (e instanceof WebSocketHandshakeException h) {
            return "handshake " + h.getResponse().statusCode();
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("closed 1013")) {
            return "refused 1013";
        }
        if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
            return "connection refused";
        }
        String text = e.getClass().getSimpleName() + ": " + message.split("\n")[0];
        return text.length() > 60 ? text.substring(0, 60) : text;
    }
}
