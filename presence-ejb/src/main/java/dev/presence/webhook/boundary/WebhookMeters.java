package dev.presence.webhook.boundary;

import dev.presence.metrics.PresenceMeters;
import dev.presence.webhook.control.WebhookMetrics;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The webhook metrics of PROTOCOL.md §5 ({@code presence_webhook_pending}, {@code _delivered_total},
 * {@code _failures_total}), {@code presence_webhook_dropped_total} and {@code presence_webhook_db_writes_total}, registered whether webhooks are on or
 * not (then they stay 0). Drops are also logged, at most once a minute.
 */
public final class WebhookMeters implements WebhookMetrics {

    private static final Logger LOG = Logger.getLogger(WebhookMeters.class.getName());
    private static final long LOG_DROPS_EVERY_MILLIS = 60_000;

    private final LongConsumer delivered;
    private final LongConsumer failures;
    private final LongConsumer dropped;
    private final LongConsumer databaseWrites;
    private final AtomicLong droppedUnlogged = new AtomicLong();
    private final AtomicLong dropsLoggedAt = new AtomicLong(Long.MIN_VALUE / 2);

    /** @param pending read when /metrics is scraped */
    public WebhookMeters(PresenceMeters meters, Supplier<Number> pending) {
        meters.gauge("presence_webhook_pending", "Webhook events not delivered yet (outbox and this node's queue)", pending);
        delivered = meters.counter("presence_webhook_delivered", "Webhook events the receiver acknowledged");
        failures = meters.counter("presence_webhook_failures", "Webhook deliveries that got no 2xx answer in time");
        dropped = meters.counter("presence_webhook_dropped", "Webhook events refused because the in-memory queue was full");
        databaseWrites = meters.counter("presence_webhook_db_writes", "Database writes of webhooks: outbox inserts and moves, lease updates");
    }

    @Override
    public void delivered(long events) {
        delivered.accept(events);
    }

    @Override
    public void failed() {
        failures.accept(1);
    }

    @Override
    public void databaseWrites(long writes) {
        databaseWrites.accept(writes);
    }

    @Override
    public void dropped(long events) {
        dropped.accept(events);
        long unlogged = droppedUnlogged.addAndGet(events);
        long now = System.currentTimeMillis();
        long last = dropsLoggedAt.get();
        if (now - last >= LOG_DROPS_EVERY_MILLIS && dropsLoggedAt.compareAndSet(last, now)) {
            droppedUnlogged.addAndGet(-unlogged);
            LOG.severe(unlogged + " webhook event(s) dropped: the queue to the outbox is full (presence.webhook.queue-events"
                    + " / presence.webhook.queue-bytes); is the database reachable?");
        }
    }
}
