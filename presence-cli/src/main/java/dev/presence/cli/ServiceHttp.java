package dev.presence.cli;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The HTTP client the CLI talks to the service with. HTTP/1.1: the JDK's client otherwise upgrades a plain
 * connection to HTTP/2 (h2c), which Payara accepts, and then sends every later request over that one
 * connection. Full test runs saw, three times, a service whose every readiness request timed out for 160 s;
 * the one thread dump taken showed no server thread in Presence's or the driver's code. With HTTP/1.1 a
 * timed-out request takes its connection with it.
 */
public final class ServiceHttp {

    private ServiceHttp() {
    }

    public static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
    }

    /**
     * The reply to {@code request}, its body as text; empty when the service did not answer, or when this thread
     * was interrupted (its interrupt flag is set again).
     */
    public static Optional<HttpResponse<String>> send(HttpClient http, HttpRequest request) {
        try {
            return Optional.of(http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
