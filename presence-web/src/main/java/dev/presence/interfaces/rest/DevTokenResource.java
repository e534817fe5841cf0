package dev.presence.interfaces.rest;

import dev.presence.json.JsonText;
import dev.presence.status.boundary.PresenceService;
import dev.presence.status.entity.Identifiers;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/dev/token} {@code {userId, groups?, ttlSeconds?}}: development login, only while
 * {@code presence.dev-login} is true. Tokens live 12 h unless {@code ttlSeconds} asks for less.
 */
@Path("dev/token")
@RequestScoped
@Tag(name = "development")
public class DevTokenResource {

    @Inject
    PresenceService presence;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A token for any userId, signed with the development key")
    @APIResponse(responseCode = "200", description = "{token}")
    @APIResponse(responseCode = "404", description = "development login is off")
    public String token(String body) {
        var signer = presence.devSigner()
                .orElseThrow(() -> new ApiException(404, "not-found", "development login is off"));
        JsonObject request = JsonBodies.object(body);
        JsonValue userId = request.get("userId");
        if (!(userId instanceof JsonString u) || !Identifiers.isValid(u.getString())) {
            throw ApiException.badRequest("userId must be 1-128 characters of A-Z a-z 0-9 . _ @ + -");
        }
        List<String> groups = new ArrayList<>();
        JsonValue g = request.get("groups");
        if (g != null && g != JsonValue.NULL) {
            if (!(g instanceof JsonArray a) || a.stream().anyMatch(v -> !(v instanceof JsonString))) {
                throw ApiException.badRequest("groups must be a list of strings");
            }
            a.forEach(v -> groups.add(((JsonString) v).getString()));
        }
        Duration ttl = PresenceService.DEV_TOKEN_TTL;
        JsonValue seconds = request.get("ttlSeconds");
        if (seconds != null && seconds != JsonValue.NULL) {
            // short-lived tokens, to try the token lifetime of PROTOCOL.md §5 (token-expiring, refresh-token)
            if (!(seconds instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < 1 || n.longValue() > ttl.toSeconds()) {
                throw ApiException.badRequest("ttlSeconds must be an integer from 1 to " + ttl.toSeconds());
            }
            ttl = Duration.ofSeconds(n.longValue());
        }
        String token = signer.sign(u.getString(), groups, ttl, presence.now());
        return new JsonText().beginObject().member("token", token).endObject().toString();
    }
}
