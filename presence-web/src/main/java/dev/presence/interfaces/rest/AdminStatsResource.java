package dev.presence.interfaces.rest;

import dev.presence.json.JsonText;
import dev.presence.stats.boundary.OperatorStats;
import dev.presence.stats.control.StatsRange;
import dev.presence.stats.entity.StatsPoint;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/admin/stats}: the cluster's figures per minute, hour or day, as stored (PROTOCOL.md §5). */
@Path("admin/stats")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
@SecurityRequirement(name = "jwt")
public class AdminStatsResource {

    @Inject
    OperatorStats stats;
    @Inject
    Caller caller;

    @GET
    @Operation(summary = "The cluster's figures per interval, oldest first; intervals nothing ran in are left out")
    @APIResponse(responseCode = "200", description = "{points: [{time, peakOnline, avgOnline, uniqueUsers, connects, "
            + "authFailures, sessionsEnded, avgSessionSeconds, messages}]}")
    @APIResponse(responseCode = "400", description = "unknown interval, an instant not ISO-8601, from after to, over 1,000 points")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "403", description = "not in presence-admin")
    public String stats(@Parameter(description = "ISO-8601 instant; default: 60 intervals before to") @QueryParam("from") String from,
                        @Parameter(description = "ISO-8601 instant; default: now") @QueryParam("to") String to,
                        @Parameter(description = "minute (default), hour or day") @QueryParam("interval") String interval) {
        AdminAccess.require(caller);
        StatsRange range;
        try {
            range = StatsRange.parse(from, to, interval, stats.now());
        } catch (StatsRange.InvalidRange e) {
            throw ApiException.badRequest(e.getMessage());
        }
        JsonText out = new JsonText().beginObject().name("points").beginArray();
        for (StatsPoint p : stats.points(range)) {
            StatsJson.point(out, p);
        }
        return out.endArray().endObject().toString();
    }
}
