package dev.presence.status.control;

import java.util.function.LongSupplier;

/**
 * The bytes of replies a session may ask for, refilled at a rate up to a burst: a client repeating requests
 * whose replies are large (a 1,000-user snapshot is 88 KB) stays under the event rate limit yet could make
 * the node encode and write megabytes a second for it. A session that spent more than it has is in debt,
 * and its requests for large replies are refused until the refill pays it off; small requests (a ping)
 * still go through.
 */
final class ReplyBudget {

    private final double bytesPerMilli;
    private final long burst;
    private final LongSupplier clock;
    private double balance;
    private long refilledAt;

    ReplyBudget(long bytesPerSecond, long burst, LongSupplier clock) {
        this.bytesPerMilli = bytesPerSecond / 1000.0;
        this.burst = burst;
        this.clock = clock;
        this.balance = burst;
        this.refilledAt = clock.getAsLong();
    }

    synchronized void spend(long bytes) {
        refill();
        balance -= bytes;
    }

    synchronized boolean inDebt() {
        refill();
        return balance < 0;
    }

    private void refill() {
        long now = clock.getAsLong();
        if (now > refilledAt) {
            balance = Math.min(burst, balance + (now - refilledAt) * bytesPerMilli);
            refilledAt = now;
        }
    }
}
