package dev.presence.cli;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How commands reach the service: {@code --url} and a token from {@code --token}, {@code --token-file} or
 * {@code PRESENCE_TOKEN}. Without one, against the {@code presence serve} of the data dir on this machine, a
 * short operator token is minted from its development key (see {@link OperatorToken}), so the commands work
 * against a local serve as they are; anywhere else the request goes without a token (anonymous reads), and
 * a refusal says to give one.
 */
final class ServiceOptions {

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "The service (default ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--token", description = "A bearer token (or set PRESENCE_TOKEN)")
    String token;

    @Option(names = "--token-file", description = "A file holding the bearer token")
    Path tokenFile;

    @Mixin
    DataDirOption data;

    private final HttpClient http = ServiceHttp.client(Duration.ofSeconds(5));
    /** Made at the first call without a given token. */
    private OperatorToken minted;

    /** A reply: its status and its JSON body (null when the body is not JSON). */
    record Reply(int status, JsonObject body) {
        String error() {
            return body == null ? "HTTP " + status : body.getString("error", "") + ": " + body.getString("message", "");
        }
    }

    Reply call(String method, String path, String jsonBody) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody))
                .header("Content-Type", "application/json");
        String given = givenToken();
        if (given == null && minted == null) {
            minted = OperatorToken.forService(url, data.dataDir);
        }
        String t = given != null ? given : minted.token().orElse(null);
        if (t != null) {
            b.header("Authorization", "Bearer " + t);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonObject body = parse(r.body());
            if (given == null && (r.statusCode() == 401 || r.statusCode() == 403)) {
                throw new FailedException(method + " " + path + " was refused (" + new Reply(r.statusCode(), body).error()
                        + "): " + minted.why());
            }
            return new Reply(r.statusCode(), body);
        } catch (ConnectException e) {
            throw new UnreachableException("the service at " + url + " is not reachable", e);
        } catch (IOException e) {
            throw new UnreachableException("the service at " + url + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException("interrupted", e);
        }
    }

    /** A call that must succeed; anything else fails the command with the service's error. */
    JsonObject require(String method, String path, String jsonBody) {
        Reply r = call(method, path, jsonBody);
        if (r.status() / 100 != 2 || r.body() == null) {
            throw new FailedException(method + " " + path + " was refused: " + r.error());
        }
        return r.body();
    }

    private static JsonObject parse(String body) {
        try {
            JsonValue v = Json.createReader(new StringReader(body)).readValue();
            return v instanceof JsonObject o ? o : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The token the user gave, if any. */
    private String givenToken() {
        if (token != null) {
            return token;
        }
        try {
            if (tokenFile != null) {
                return Files.readString(tokenFile).trim();
            }
        } catch (IOException e) {
            throw new FailedException("cannot read the token file " + tokenFile + ": " + e.getMessage());
        }
        String env = System.getenv("PRESENCE_TOKEN");
        return env != null && !env.isBlank() ? env.trim() : null;
    }
}
