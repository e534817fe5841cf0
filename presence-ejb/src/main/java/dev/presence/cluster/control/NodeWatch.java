package dev.presence.cluster.control;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Notices nodes dying: a node whose lease was live at the last look and is not any more (expired, or
 * already reconciled away) has died. Remembers each live node's last renewal, the floor of its users'
 * lastSeen, and says when to take a dead node's sessions out of the grid: at once, then again every
 * {@link #RESWEEP_MILLIS} for one lease, because entries the dead member owned reach a live owner only once
 * the data grid has noticed the death too.
 */
public final class NodeWatch {

    static final long RESWEEP_MILLIS = 5_000;

    private record Dead(Instant lastRenewal, long diedAt, long nextSweep) {
    }

    private final long leaseMillis;
    private Map<String, Instant> lastLive = Map.of();
    private final Map<String, Dead> dead = new HashMap<>();

    public NodeWatch(long leaseMillis) {
        this.leaseMillis = leaseMillis;
    }

    /**
     * @param live the nodes with a live lease now, each with its last renewal
     * @return the dead nodes to sweep now, each with its last renewal
     */
    public synchronized Map<String, Instant> sweepsDue(Map<String, Instant> live, long nowMillis) {
        lastLive.forEach((node, renewed) -> {
            if (!live.containsKey(node)) {
                dead.put(node, new Dead(renewed, nowMillis, nowMillis));
            }
        });
        lastLive = Map.copyOf(live);
        Map<String, Instant> due = new HashMap<>();
        dead.entrySet().removeIf(e -> nowMillis - e.getValue().diedAt() > leaseMillis + RESWEEP_MILLIS);
        dead.replaceAll((node, d) -> {
            if (d.nextSweep() > nowMillis) {
                return d;
            }
            due.put(node, d.lastRenewal());
            return new Dead(d.lastRenewal(), d.diedAt(), nowMillis + RESWEEP_MILLIS);
        });
        return due;
    }
}
