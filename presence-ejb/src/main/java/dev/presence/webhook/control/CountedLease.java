package dev.presence.webhook.control;

import java.util.function.LongConsumer;

/** A {@link SenderLease} that counts its database writes, as {@link CountedOutbox} does the outbox's. */
public final class CountedLease implements SenderLease {

    private final SenderLease lease;
    private final LongConsumer writes;

    public CountedLease(SenderLease lease, LongConsumer writes) {
        this.lease = lease;
        this.writes = writes;
    }

    @Override
    public boolean hold(long now, long leaseMillis, long delivered) {
        writes.accept(1);
        return lease.hold(now, leaseMillis, delivered);
    }

    @Override
    public void release(long now) {
        writes.accept(1);
        lease.release(now);
    }

    @Override
    public void failed(long now, String error) {
        writes.accept(1);
        lease.failed(now, error);
    }

    @Override
    public void recovered(long now) {
        writes.accept(1);
        lease.recovered(now);
    }
}
