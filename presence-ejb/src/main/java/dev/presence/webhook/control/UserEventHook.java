package dev.presence.webhook.control;

import dev.presence.status.control.PresenceRegistry;
import dev.presence.status.control.UserState;
import dev.presence.webhook.entity.WebhookEvent;
import java.time.Clock;
import java.util.List;
import java.util.function.Predicate;

/**
 * Turns the registry's changes into user events, on the user's lane: classifies the change and queues the
 * events, nothing more (no database, no network, no wait). Only the node that owns the user's entry (in a
 * cluster, the data grid's owner, which also writes the user to the database; on a single node, itself)
 * records them: every node hears every change, and each event must be recorded once. So after a crash the
 * owner that takes the dead node's users offline is the one that records their {@code user.offline}.
 */
public final class UserEventHook implements PresenceRegistry.ChangeListener {

    private final Predicate<String> ownedHere;
    private final OutboxQueue queue;
    private final Clock clock;
    private final WebhookMetrics metrics;

    /** The {@link OutboxWriter} writes what is queued every 100 ms: one bulk write for many changes. */
    public UserEventHook(Predicate<String> ownedHere, OutboxQueue queue, Clock clock, WebhookMetrics metrics) {
        this.ownedHere = ownedHere;
        this.queue = queue;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void changed(UserState before, UserState after) {
        List<WebhookEvent> events = UserEventRules.classify(before, after, clock.millis());
        if (!events.isEmpty() && ownedHere.test(after.userId())) {
            queue(events);
        }
    }

    /** Queues events made elsewhere (those of a reconciliation), with the same bounds. */
    public void queue(List<WebhookEvent> events) {
        if (!queue.offer(events)) {
            metrics.dropped(events.size());
        }
    }
}
