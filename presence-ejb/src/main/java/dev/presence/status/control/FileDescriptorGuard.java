package dev.presence.status.control;

import java.util.function.LongSupplier;

/**
 * Keeps the node clear of its open-file limit: every connection is a file, and a process at its limit
 * fails in random places (accepting, logging, reading a jar). Past {@code limit − reserve} open files the
 * node refuses new sessions with 1013 instead. The reserve is 2 % of the limit, at least 200 files: at the
 * 20,000-file cap that leaves 19,000 sessions beside Payara's own ~350 files, with 400 to spare.
 */
public final class FileDescriptorGuard {

    private final LongSupplier open;
    private final long refuseAt;

    public FileDescriptorGuard(LongSupplier open, long limit) {
        this.open = open;
        this.refuseAt = limit <= 0 ? Long.MAX_VALUE : limit - Math.max(200, limit / 50);
    }

    /** Whether new sessions should be refused now; cheap enough for the housekeeping tick, not per frame. */
    public boolean nearLimit() {
        return open.getAsLong() >= refuseAt;
    }

    public long refuseAt() {
        return refuseAt;
    }
}
