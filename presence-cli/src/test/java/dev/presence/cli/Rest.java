package dev.presence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.presence.testing.Parsed;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * A test's calls to a serve's REST API, as a backend makes them. A call that cannot reach the serve fails
 * unchecked, so a call fits in a condition the test waits on.
 */
final class Rest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Rest() {
    }

    /** A reply: its status, and its body as it came. */
    record Reply(int status, String body) {

        /** The body, parsed: every body of the API is a JSON object. */
        JsonObject json() {
            return Parsed.object(body);
        }

        /** The body, parsed, after checking that the status is 200. */
        JsonObject ok() {
            assertEquals(200, status, body);
            return json();
        }
    }

    /** A development login's token (POST /api/dev/token) for {@code userId}, in {@code groups}. */
    static String devToken(Serve s, String userId, String... groups) {
        JsonObjectBuilder body = Json.createObjectBuilder().add("userId", userId);
        if (groups.length > 0) {
            body.add("groups", Json.createArrayBuilder(List.of(groups)));
        }
        return call(s, "POST", "/api/dev/token", null, body.build().toString()).ok().getString("token");
    }

    /** GET {@code path}, with {@code token} as bearer unless it is null. */
    static Reply get(Serve s, String path, String token) {
        return call(s, "GET", path, token, null);
    }

    /** {@code method} on {@code path}, with {@code token} as bearer unless null, and a JSON body unless null. */
    static Reply call(Serve s, String method, String path, String token, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.url(path)))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + path, e);
        }
    }
}
