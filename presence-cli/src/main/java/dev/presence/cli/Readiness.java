package dev.presence.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Polls a server's {@code /health/ready} until it answers 200, the server dies or the time is up. */
final class Readiness {

    /** Often enough that a ready server is seen within a tenth of a second; a poll costs the server little. */
    private static final Duration POLL = Duration.ofMillis(100);

    private final HttpRequest ready;
    private String last = "no answer";

    Readiness(URI url) {
        this.ready = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build();
    }

    boolean await(ServerProcess server, Duration timeout) throws InterruptedException {
        HttpClient http = ServiceHttp.client(Duration.ofSeconds(2));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                return false;
            }
            try {
                HttpResponse<String> r = http.send(ready, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return true;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString(); // not listening yet
            }
            Thread.sleep(POLL.toMillis());
        }
        return false;
    }

    /** The last answer that was not 200, for the error of a start that failed. */
    String last() {
        return last;
    }
}
