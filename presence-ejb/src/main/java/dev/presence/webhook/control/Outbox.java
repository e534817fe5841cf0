package dev.presence.webhook.control;

import dev.presence.webhook.entity.WebhookEvent;
import java.util.List;

/**
 * Where webhook events wait until the receiver acknowledges them: persisted, shared by every node. The
 * database side of {@link OutboxQueue} and {@link WebhookSender}.
 */
public interface Outbox {

    /** Persists events, or throws. An event whose id is already waiting is not written again. */
    void insert(List<WebhookEvent> events);

    /** The first {@code limit} events waiting, in delivery order ({@code seq}, then {@code n}). */
    List<WebhookEvent> head(int limit);

    /** The receiver acknowledged these: they leave the outbox (kept for replay as the retention says). */
    void delivered(List<WebhookEvent> events, long at);

    /** Retried for longer than the service promises: they leave the outbox, kept for replay as delivered ones are. */
    void gaveUp(List<WebhookEvent> events, long at);

    /** Forgets delivered and given-up events done before {@code before}; returns how many. */
    long prune(long before);
}
