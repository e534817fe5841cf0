package dev.presence.interfaces.rest;

import dev.presence.interfaces.socket.BadRequestException;
import dev.presence.interfaces.socket.Fields;
import dev.presence.json.JsonText;
import dev.presence.status.boundary.PresenceService;
import dev.presence.status.control.Frames;
import dev.presence.status.control.Identity;
import dev.presence.status.control.OnlinePage;
import dev.presence.status.control.PresenceRegistry;
import dev.presence.status.entity.Identifiers;
import dev.presence.status.entity.StatusView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/user-status}: statuses read from memory, as the socket sees them. */
@Path("user-status")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "user-status", description = "Who is online, statuses and lastSeen")
@SecurityRequirement(name = "jwt")
public class UserStatusResource {

    @Inject
    PresenceService presence;
    @Inject
    Caller caller;

    @GET
    @Path("online")
    @Operation(summary = "A page of online users, ordered by userId")
    @APIResponse(responseCode = "200", description = "{users, total, nextCursor}")
    @APIResponse(responseCode = "400", description = "limit or cursor invalid")
    public String online(@Parameter(description = "1-1000, default 100") @QueryParam("limit") String limit,
                         @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        requireReader();
        int n = limit == null ? 100 : parseLimit(limit);
        OnlinePage page;
        try {
            page = registry().reads().onlinePage(cursor, n);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        return Frames.onlinePageFields(new JsonText().beginObject(), page).endObject().toString();
    }

    @GET
    @Path("online/count")
    @Operation(summary = "How many users are online")
    @APIResponse(responseCode = "200", description = "{count}")
    public String count() {
        requireReader();
        return new JsonText().beginObject().member("count", registry().reads().onlineCount()).endObject().toString();
    }

    @POST
    @Path("batch")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Statuses of 1-1000 users, in request order")
    @APIResponse(responseCode = "200", description = "{users: [status objects]}")
    @APIResponse(responseCode = "400", description = "userIds missing, empty, over 1000 or invalid")
    public String batch(String body) {
        requireReader();
        List<String> ids;
        try {
            ids = Fields.identifiers(JsonBodies.object(body), "userIds", 1000);
        } catch (BadRequestException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        JsonText out = new JsonText().beginObject();
        Frames.statusArray(out.name("users"), registry().reads().views(ids, caller.userIdOrNull()));
        return out.endObject().toString();
    }

    @PUT
    @Path("last-seen")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Sets the caller's lastSeen to now")
    @APIResponse(responseCode = "200", description = "{userId, lastSeen}")
    @APIResponse(responseCode = "401", description = "no valid token")
    public String lastSeen() {
        Identity me = caller.required();
        StatusView v = registry().statusChanges().markLastSeen(me.userId());
        return new JsonText().beginObject().member("userId", v.userId()).member("lastSeen", v.lastSeen()).endObject().toString();
    }

    @GET
    @Path("{userId}")
    @Operation(summary = "One user's status object plus their live connections")
    @APIResponse(responseCode = "200", description = "status object with connections")
    @APIResponse(responseCode = "404", description = "user never seen")
    public String user(@PathParam("userId") String userId) {
        requireReader();
        if (!Identifiers.isValid(userId)) {
            throw ApiException.badRequest("userId must be 1-128 characters of A-Z a-z 0-9 . _ @ + -");
        }
        StatusView v = registry().reads().status(userId, caller.userIdOrNull())
                .orElseThrow(() -> new ApiException(404, "not-found", "user " + userId + " was never seen"));
        return Frames.statusFields(new JsonText().beginObject(), v)
                .member("connections", registry().reads().connections(userId)).endObject().toString();
    }

    private PresenceRegistry registry() {
        return presence.registry();
    }

    private void requireReader() {
        if (!presence.settings().anonymousReads()) {
            caller.required();
        }
    }

    private static int parseLimit(String limit) {
        try {
            int n = Integer.parseInt(limit.trim());
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.badRequest("limit must be an integer from 1 to 1000");
    }
}
