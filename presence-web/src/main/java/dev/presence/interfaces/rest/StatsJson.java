package dev.presence.interfaces.rest;

import dev.presence.json.JsonText;
import dev.presence.stats.entity.Figures;
import dev.presence.stats.entity.NodeView;
import dev.presence.stats.entity.StatsPoint;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** The operators' figures as JSON (PROTOCOL.md §5, "Operators"). */
final class StatsJson {

    private StatsJson() {
    }

    /** A point of {@code GET /api/admin/stats}; averages are null where nothing was measured. */
    static JsonText point(JsonText out, StatsPoint p) {
        Figures f = p.figures();
        return out.beginObject()
                .member("time", p.time())
                .member("peakOnline", f.peakOnline())
                .name("avgOnline").raw(decimal(f.avgOnline(), 2))
                .member("uniqueUsers", f.uniqueUsers())
                .member("connects", f.connects())
                .member("authFailures", f.authFailures())
                .member("sessionsEnded", f.sessionsEnded())
                .name("avgSessionSeconds").raw(decimal(f.avgSessionSeconds(), 1))
                .member("messages", f.messages())
                .endObject();
    }

    /** A node of {@code GET /api/admin/nodes}: exactly the contract's fields. */
    static JsonText node(JsonText out, NodeView n) {
        return nodeFields(out.beginObject(), n).endObject();
    }

    static JsonText nodeFields(JsonText out, NodeView n) {
        return out.member("nodeId", n.nodeId())
                .member("name", n.name())
                .member("sessions", n.sessions())
                .member("usersOnline", n.usersOnline())
                .member("startedAt", n.startedAt())
                .member("leaseRenewedAt", n.leaseRenewedAt());
    }

    private static String decimal(Double d, int scale) {
        return d == null ? "null" : BigDecimal.valueOf(d).setScale(scale, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
