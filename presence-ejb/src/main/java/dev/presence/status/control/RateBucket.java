package dev.presence.status.control;

/**
 * A token bucket of {@code rate} events per second with {@code burst} capacity. It also remembers since
 * when the session has been over its limit without a break (refusals less than a second apart), so a
 * persistent flooder can be closed even though the refill lets a few of its events through.
 * Used by one session's message thread, so it needs no more than its own monitor.
 */
public final class RateBucket {

    private final double ratePerMilli;
    private final int burst;
    private double tokens;
    private long refilledAt;
    private long floodingSince = -1;
    private long lastRefusal = -1;

    public RateBucket(int ratePerSecond, int burst, long nowMillis) {
        this.ratePerMilli = ratePerSecond / 1000.0;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = nowMillis;
    }

    /** Takes a token if there is one. */
    public synchronized boolean tryTake(long nowMillis) {
        if (nowMillis > refilledAt) {
            tokens = Math.min(burst, tokens + (nowMillis - refilledAt) * ratePerMilli);
            refilledAt = nowMillis;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        if (floodingSince < 0 || nowMillis - lastRefusal > 1_000) {
            floodingSince = nowMillis;
        }
        lastRefusal = nowMillis;
        return false;
    }

    /** Milliseconds this session has been refused without a quiet second in between; 0 when it is not. */
    public synchronized long floodingFor(long nowMillis) {
        return floodingSince < 0 || nowMillis - lastRefusal > 1_000 ? 0 : nowMillis - floodingSince;
    }
}
