package dev.presence.interfaces.rest;

import dev.presence.json.JsonText;
import dev.presence.stats.boundary.OperatorStats;
import dev.presence.stats.entity.NodeView;
import dev.presence.status.boundary.PresenceService;
import dev.presence.status.control.Frames;
import dev.presence.status.entity.Identifiers;
import dev.presence.status.entity.StatusView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/admin/users/{userId}}: one user as an operator sees them: the status the user chose
 * (invisible shown as such), lastSeen, their live sessions on each node, and the chat sessions they joined.
 */
@Path("admin/users")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
@SecurityRequirement(name = "jwt")
public class AdminUsersResource {

    /** More chat sessions than this are not listed (the count says how many were). */
    static final int MAX_CHAT_SESSIONS = 1000;

    @Inject
    PresenceService presence;
    @Inject
    OperatorStats stats;
    @Inject
    Caller caller;

    @GET
    @Path("{userId}")
    @Operation(summary = "A user's status, sessions per node, lastSeen and chat sessions")
    @APIResponse(responseCode = "200", description = "status object plus {sessions, nodes: [{nodeId, name, sessions}], chatSessions}")
    @APIResponse(responseCode = "400", description = "not a valid userId")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "403", description = "not in presence-admin")
    @APIResponse(responseCode = "404", description = "user never seen")
    public String user(@PathParam("userId") String userId) {
        AdminAccess.require(caller);
        if (!Identifiers.isValid(userId)) {
            throw ApiException.badRequest("userId must be 1-128 characters of A-Z a-z 0-9 . _ @ + -");
        }
        StatusView v = presence.reads().status(userId, userId) // the user's own view: operators see invisible
                .orElseThrow(() -> new ApiException(404, "not-found", "user " + userId + " was never seen"));
        Map<String, Integer> byNode = presence.reads().sessionsByNode(userId);
        Map<String, String> names = new HashMap<>();
        for (NodeView n : stats.nodes()) {
            names.put(n.nodeId(), n.name());
        }
        JsonText out = Frames.statusFields(new JsonText().beginObject(), v)
                .member("sessions", byNode.values().stream().mapToLong(Integer::longValue).sum())
                .name("nodes").beginArray();
        byNode.forEach((node, sessions) -> out.beginObject().member("nodeId", node).member("name", names.get(node))
                .member("sessions", sessions).endObject());
        out.endArray().name("chatSessions").beginArray();
        List<String> chats = presence.chatSessions().chatSessionsOf(userId, MAX_CHAT_SESSIONS);
        chats.stream().sorted().forEach(out::value);
        return out.endArray().endObject().toString();
    }
}
