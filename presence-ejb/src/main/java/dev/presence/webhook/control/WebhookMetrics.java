package dev.presence.webhook.control;

/** What the webhook side reports; the boundary maps it to MicroProfile Metrics. */
public interface WebhookMetrics {

    /** Events the receiver acknowledged. */
    void delivered(long events);

    /** A delivery attempt that got no 2xx answer. */
    void failed();

    /** Events refused by the full in-memory queue: never written, never sent. */
    void dropped(long events);

    /** Database writes webhooks made (outbox inserts and moves, lease updates): their cost to the database. */
    default void databaseWrites(long writes) {
    }

    WebhookMetrics NONE = new WebhookMetrics() {
        @Override
        public void delivered(long events) {
        }

        @Override
        public void failed() {
        }

        @Override
        public void dropped(long events) {
        }
    };
}
