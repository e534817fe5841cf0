package dev.presence.interfaces.rest;

import dev.presence.json.JsonText;
import dev.presence.status.boundary.PresenceService;
import dev.presence.status.control.Identity;
import dev.presence.status.entity.Identifiers;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/admin}: operator actions, for tokens in the {@code presence-admin} group only. */
@Path("admin")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin", description = "Operator actions (presence-admin)")
@SecurityRequirement(name = "jwt")
public class AdminResource {

    @Inject
    PresenceService presence;
    @Inject
    Caller caller;

    @DELETE
    @Path("sessions/{userId}")
    @Operation(summary = "Closes every session of the user with 4403")
    @APIResponse(responseCode = "200", description = "{userId, closed}")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "403", description = "not in presence-admin")
    public String closeSessions(@PathParam("userId") String userId) {
        Identity me = caller.required();
        if (!me.isAdmin()) {
            throw new ApiException(403, "forbidden", "only the " + Identity.ADMIN_GROUP + " group may close sessions");
        }
        if (!Identifiers.isValid(userId)) {
            throw ApiException.badRequest("userId must be 1-128 characters of A-Z a-z 0-9 . _ @ + -");
        }
        int closed = presence.kick(userId);
        return new JsonText().beginObject().member("userId", userId).member("closed", closed).endObject().toString();
    }
}
