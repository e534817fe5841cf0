package dev.presence.cli.simulate;

/**
 * The browser client's reconnect schedule (presence-js/src/backoff.js), the same formula: attempt n (1 for
 * the first retry) waits a uniformly random time in [0, min(cap, base * 2^(n-1))) milliseconds, full
 * jitter, base 1 s and cap 30 s by default. The attempt count is the caller's: it resets only on a
 * successful authentication, never on a socket that merely opened.
 */
final class Backoff {

    static final long BASE_MS = 1000;
    static final long MAX_MS = 30_000;

    private Backoff() {
    }

    /** The upper bound (exclusive) of attempt {@code attempt}'s delay. */
    static long windowMillis(int attempt, long baseMs, long maxMs) {
        int exponent = Math.min(Math.max(attempt, 1) - 1, 30);
        return (long) Math.min((double) maxMs, baseMs * Math.pow(2, exponent));
    }

    /** The delay of attempt {@code attempt} for a {@code random} in [0, 1), as {@code Math.floor(random() * cap)}. */
    static long delayMillis(int attempt, double random, long baseMs, long maxMs) {
        return (long) Math.floor(random * windowMillis(attempt, baseMs, maxMs));
    }

    static long delayMillis(int attempt, double random) {
        return delayMillis(attempt, random, BASE_MS, MAX_MS);
    }
}
