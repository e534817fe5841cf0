package dev.presence.status.boundary;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.presence.chat.control.MessageLog;
import dev.presence.status.control.FileDescriptorGuard;
import dev.presence.status.control.Housekeeping;
import dev.presence.store.boundary.Storage;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the node's two short timers run. Every 100 ms: due deadlines (offline graces, typing) and
 * authentication timeouts, so a grace ends within its bound; once a second, silent sessions and the
 * open-file guard; every 10 s, eviction of unused offline users. The store timer flushes the
 * write-behind queue and, hourly, prunes stored idempotency keys.
 */
final class NodeTicks {

    static final long TICK_MILLIS = 100;
    private static final Logger LOG = Logger.getLogger(NodeTicks.class.getName());
    private static final Duration KEY_PRUNE_EVERY = Duration.ofHours(1);
    /** How often (in ticks) offline users unused for their time leave memory. */
    private static final long EVICT_EVERY_TICKS = 100;

    private final Clock clock;
    private final Housekeeping housekeeping;
    private final Storage storage;
    private final FileDescriptorGuard files = fileDescriptorGuard();
    private volatile boolean nearFileLimit;
    private long ticks;
    private long lastKeyPrune;

    NodeTicks(Clock clock, Housekeeping housekeeping, Storage storage) {
        this.clock = clock;
        this.housekeeping = housekeeping;
        this.storage = storage;
    }

    /** Whether the process is close to its open-file limit (new sessions are refused meanwhile). */
    boolean nearFileLimit() {
        return nearFileLimit;
    }

    void tick() {
        housekeeping.tick();
        if (++ticks % EVICT_EVERY_TICKS == 0) {
            housekeeping.evictUnusedUsers();
        }
        if (ticks % 10 == 0) {
            housekeeping.closeSilentSessions();
            boolean near = files.nearLimit();
            if (near != nearFileLimit) {
                nearFileLimit = near;
                LOG.log(near ? Level.WARNING : Level.INFO, near
                        ? "open files reached " + files.refuseAt() + ": refusing new sessions with 1013"
                        : "open files back under " + files.refuseAt() + ": accepting new sessions");
            }
            housekeeping.refuseNewSessions(near);
        }
    }

    void storeTick() {
        storage.flush();
        long now = clock.millis();
        if (now - lastKeyPrune >= KEY_PRUNE_EVERY.toMillis()) {
            storage.messages().pruneKeys(Instant.ofEpochMilli(now).minus(MessageLog.IDEMPOTENCY));
            lastKeyPrune = now;
        }
    }

    private static FileDescriptorGuard fileDescriptorGuard() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            return new FileDescriptorGuard(unix::getOpenFileDescriptorCount, unix.getMaxFileDescriptorCount());
        }
        return new FileDescriptorGuard(() -> 0, 0);
    }
}
