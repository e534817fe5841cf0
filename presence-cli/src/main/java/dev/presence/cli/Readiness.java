package dev.presence.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a server's {@code /health/ready} until it answers 200, the server dies or the time is up. */
public final class Readiness {

    /** Often enough that a ready server is seen within a tenth of a second; a poll costs the server little. */
    private static final Duration POLL = Duration.ofMillis(100);

    private final HttpClient http;
    private final HttpRequest ready;
    private String last = "no answer";
    private long readyAt = -1;

    /** {@code url}: the server's {@code /health/ready}; each request may take {@code requestTimeout}. */
    public Readiness(URI url, Duration connectTimeout, Duration requestTimeout) {
        this.http = ServiceHttp.client(connectTimeout);
        this.ready = HttpRequest.newBuilder(url).timeout(requestTimeout).build();
    }

    Readiness(URI url) {
        this(url, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    /**
     * Asks every 100 ms; true at the first 200, false once {@code alive} says the server is gone or when
     * {@code timeout} has passed.
     */
    public boolean await(BooleanSupplier alive, Duration timeout) throws InterruptedException {
        return Poll.until(() -> !alive.getAsBoolean() || answered200(), timeout, POLL) && alive.getAsBoolean();
    }

    private boolean answered200() {
        try {
            HttpResponse<String> r = http.send(ready, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                readyAt = System.nanoTime();
                return true;
            }
            last = r.statusCode() + " " + r.body();
        } catch (IOException e) {
            last = e.toString(); // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the poll's next pause throws
        }
        return false;
    }

    /** The last answer that was not 200, for the error of a start that failed. */
    String last() {
        return last;
    }

    /** The {@link System#nanoTime} of the first 200, or -1. */
    public long readyAt() {
        return readyAt;
    }
}
