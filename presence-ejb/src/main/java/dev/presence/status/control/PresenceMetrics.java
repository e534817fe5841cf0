package dev.presence.status.control;

/** What the registry reports as it works; the boundary maps it to MicroProfile Metrics. */
public interface PresenceMetrics {

    void authenticated(boolean success);

    void delivered(long frames);

    void sessionEnded(long millis);

    void fannedOut(long nanos);

    PresenceMetrics NONE = new PresenceMetrics() {
        @Override
        public void authenticated(boolean success) {
        }

        @Override
        public void delivered(long frames) {
        }

        @Override
        public void sessionEnded(long millis) {
        }

        @Override
        public void fannedOut(long nanos) {
        }
    };
}
