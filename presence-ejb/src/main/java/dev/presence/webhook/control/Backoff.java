package dev.presence.webhook.control;

import java.time.Duration;

/** PROTOCOL.md §5: after a failed delivery, wait 1 s, doubling with each further failure, up to 5 min. */
public final class Backoff {

    public static final Duration FIRST = Duration.ofSeconds(1);
    public static final Duration MAX = Duration.ofMinutes(5);

    private Backoff() {
    }

    /** How long to wait after the {@code failures}-th failure in a row (1 for the first). */
    public static long millisAfter(int failures) {
        if (failures < 1) {
            return 0;
        }
        int doublings = Math.min(failures - 1, 30);
        return Math.min(MAX.toMillis(), FIRST.toMillis() << doublings);
    }
}
