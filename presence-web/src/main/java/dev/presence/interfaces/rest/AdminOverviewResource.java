package dev.presence.interfaces.rest;

import dev.presence.json.JsonText;
import dev.presence.stats.boundary.OperatorStats;
import dev.presence.stats.entity.Figures;
import dev.presence.stats.entity.NodeView;
import dev.presence.stats.entity.StatsPoint;
import dev.presence.status.boundary.PresenceService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.eclipse.microprofile.metrics.Gauge;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/admin/overview}: everything the operator page's tiles show, in one read it polls: users
 * online in the cluster now, sessions and nodes (as {@code /api/admin/nodes}, with each node's database
 * queue and when its figures were taken), the last minute that ended and the sums of the last hour, and the
 * webhook backlog ({@code presence_webhook_pending}; null while webhooks are off).
 */
@Path("admin/overview")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
@SecurityRequirement(name = "jwt")
public class AdminOverviewResource {

    /** The metric webhooks register (PROTOCOL.md §5); read by name so the page shows it once it exists. */
    static final String WEBHOOK_PENDING = "presence_webhook_pending";

    @Inject
    OperatorStats stats;
    @Inject
    PresenceService presence;
    @Inject
    MetricRegistry metrics;
    @Inject
    Caller caller;

    @GET
    @Operation(summary = "The live figures of the operator page's tiles")
    @APIResponse(responseCode = "200", description = "{time, usersOnline, sessions, dbQueueDepth, nodes, lastMinute, lastHour, webhookPending}")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "403", description = "not in presence-admin")
    public String overview() {
        AdminAccess.require(caller);
        Instant now = stats.now();
        List<NodeView> nodes = stats.nodes();
        long sessions = 0;
        long queue = 0;
        for (NodeView n : nodes) {
            sessions += n.sessions();
            queue += n.dbQueueDepth();
        }
        JsonText out = new JsonText().beginObject()
                .member("time", now)
                .member("usersOnline", presence.reads().onlineCountAll())
                .member("sessions", sessions)
                .member("dbQueueDepth", queue)
                .name("nodes").beginArray();
        for (NodeView n : nodes) {
            StatsJson.nodeFields(out.beginObject(), n).member("dbQueueDepth", n.dbQueueDepth())
                    .member("figuresAt", n.figuresAt()).endObject();
        }
        out.endArray().name("lastMinute");
        StatsPoint last = stats.lastMinute();
        if (last == null) {
            out.raw("null");
        } else {
            StatsJson.point(out, last);
        }
        long connects = 0;
        long failures = 0;
        long messages = 0;
        long ended = 0;
        for (StatsPoint p : stats.lastHourOfMinutes()) {
            Figures f = p.figures();
            connects += f.connects();
            failures += f.authFailures();
            messages += f.messages();
            ended += f.sessionsEnded();
        }
        out.name("lastHour").beginObject().member("connects", connects).member("authFailures", failures)
                .member("messages", messages).member("sessionsEnded", ended).endObject();
        OptionalLong pending = webhookPending();
        out.name("webhookPending").raw(pending.isPresent() ? Long.toString(pending.getAsLong()) : "null");
        return out.endObject().toString();
    }

    private OptionalLong webhookPending() {
        for (Gauge<?> g : metrics.getGauges((id, m) -> WEBHOOK_PENDING.equals(id.getName())).values()) {
            if (g.getValue() instanceof Number n) {
                return OptionalLong.of(n.longValue());
            }
        }
        return OptionalLong.empty();
    }
}
