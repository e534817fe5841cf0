package dev.presence.webhook.control;

import dev.presence.webhook.entity.WebhookEvent;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * An {@link Outbox} that counts the database writes it makes ({@code presence_webhook_db_writes_total}):
 * what webhooks cost the database, apart from the messages and users the service writes anyway.
 */
public final class CountedOutbox implements Outbox {

    private final Outbox outbox;
    private final LongConsumer writes;
    private final boolean keeps;

    /** @param keeps whether done events are kept for replay (a write more per delivery) */
    public CountedOutbox(Outbox outbox, boolean keeps, LongConsumer writes) {
        this.outbox = outbox;
        this.keeps = keeps;
        this.writes = writes;
    }

    @Override
    public void insert(List<WebhookEvent> events) {
        if (!events.isEmpty()) {
            outbox.insert(events);
            writes.accept(1);
        }
    }

    @Override
    public List<WebhookEvent> head(int limit) {
        return outbox.head(limit);
    }

    @Override
    public void delivered(List<WebhookEvent> events, long at) {
        outbox.delivered(events, at);
        writes.accept(keeps ? 2 : 1);
    }

    @Override
    public void gaveUp(List<WebhookEvent> events, long at) {
        outbox.gaveUp(events, at);
        writes.accept(keeps ? 2 : 1);
    }

    @Override
    public long prune(long before) {
        long pruned = outbox.prune(before);
        if (keeps) {
            writes.accept(1);
        }
        return pruned;
    }
}
