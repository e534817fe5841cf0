package dev.presence.webhook.control;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Deliveries over the JDK's HTTP client: HTTP/1.1 (no h2c upgrade dance with the receiver), no redirects
 * followed (a redirected webhook is a misconfiguration to see, not to follow with the signed body), and
 * {@link #TIMEOUT} to connect and again to get an answer.
 */
public final class HttpPoster implements Poster, AutoCloseable {

    /** PROTOCOL.md §5: no answer in 5 s is a failure. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI url;
    private final HttpClient client;

    /** @param executor where the client runs its own work (a managed executor on Payara) */
    public HttpPoster(URI url, Executor executor) {
        this.url = url;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).executor(executor).build();
    }

    @Override
    public int post(String body, String signature) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "presence-webhooks")
                .header(Signature.HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
