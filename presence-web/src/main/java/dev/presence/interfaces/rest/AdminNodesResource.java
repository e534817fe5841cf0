package dev.presence.interfaces.rest;

import dev.presence.json.JsonText;
import dev.presence.stats.boundary.OperatorStats;
import dev.presence.stats.entity.NodeView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/admin/nodes}: every node with a live lease and its figures (PROTOCOL.md §5). */
@Path("admin/nodes")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
@SecurityRequirement(name = "jwt")
public class AdminNodesResource {

    @Inject
    OperatorStats stats;
    @Inject
    Caller caller;

    @GET
    @Operation(summary = "Every node with a live lease; other nodes' figures are at most a few seconds old")
    @APIResponse(responseCode = "200", description = "{nodes: [{nodeId, name, sessions, usersOnline, startedAt, leaseRenewedAt}]}")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "403", description = "not in presence-admin")
    public String nodes() {
        AdminAccess.require(caller);
        JsonText out = new JsonText().beginObject().name("nodes").beginArray();
        for (NodeView n : stats.nodes()) {
            StatsJson.node(out, n);
        }
        return out.endArray().endObject().toString();
    }
}
