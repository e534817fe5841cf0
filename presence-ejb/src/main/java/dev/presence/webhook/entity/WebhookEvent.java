package dev.presence.webhook.entity;

/**
 * One webhook event as the outbox keeps it, encoded once: every attempt (and a replay) sends these bytes.
 *
 * @param id   unique and derived from what happened (the user's state version, the messageId), so two
 *             nodes that both record one change write one outbox document, and a re-send keeps the id
 * @param seq  delivery order, about the microsecond it happened: increasing per userId (the user state's
 *             version, which the whole cluster agrees on) and per chatSessionId (the storing node's order)
 * @param n    order among events of one change (going invisible gives {@code user.status} then
 *             {@code user.offline}, with one seq)
 * @param time when it happened, epoch millis (the {@code time} field of the JSON)
 * @param json the event object as it is sent
 */
public record WebhookEvent(String id, long seq, int n, long time, String json) {

    /** What the event costs while it waits in memory: two bytes a character of its strings, and its fields. */
    public long bytes() {
        return 2L * (json.length() + id.length()) + 64;
    }
}
