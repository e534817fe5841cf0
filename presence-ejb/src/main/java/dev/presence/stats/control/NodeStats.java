package dev.presence.stats.control;

import dev.presence.stats.entity.Interval;
import dev.presence.stats.entity.StatsPoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One node's part in the stats, driven by two timers:
 * <ul>
 * <li>{@link #sample()}, once a second, in memory only: the online count into the minute, and at a minute's
 * end that minute into the queue of minutes to write, the next one starting with the users connected here;</li>
 * <li>{@link #write()}, every few seconds, on the database: the finished minutes (oldest first; a failure
 * leaves them queued), the minute so far, then the cluster's minute, hour and day they fall in, merged again
 * from every node's documents. The intervals written in the pass before are merged once more, so a node
 * whose write raced another's merge is counted by the next one.</li>
 * </ul>
 * No lock is held while the database is written: the recorder's monitor only guards its counters.
 */
public final class NodeStats {

    private static final Logger LOG = Logger.getLogger(NodeStats.class.getName());
    static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private final String nodeId;
    private final Clock clock;
    private final StatsDocuments docs;
    private final RollUp rollUp;
    private final MinuteRecorder recorder;
    private final PendingMinutes pending;
    private final LongSupplier onlineAll;
    private final Supplier<? extends Collection<String>> connectedHere;
    /** Minutes written in the previous pass: merged once more in this one. Used by the writer's thread only. */
    private Set<Instant> writtenBefore = Set.of();
    private Instant lastPrune = Instant.MIN;
    private boolean indexed;

    /**
     * @param onlineAll     users online in the whole cluster, invisible ones included (the data grid's view)
     * @param connectedHere the users with a session on this node now
     */
    public NodeStats(String nodeId, Clock clock, StatsDocuments docs, LongSupplier onlineAll,
                     Supplier<? extends Collection<String>> connectedHere) {
        this(nodeId, clock, docs, onlineAll, connectedHere, new PendingMinutes());
    }

    NodeStats(String nodeId, Clock clock, StatsDocuments docs, LongSupplier onlineAll,
              Supplier<? extends Collection<String>> connectedHere, PendingMinutes pending) {
        this.nodeId = nodeId;
        this.clock = clock;
        this.docs = docs;
        this.rollUp = new RollUp(docs);
        this.recorder = new MinuteRecorder(nodeId, clock.instant());
        this.pending = pending;
        this.onlineAll = onlineAll;
        this.connectedHere = connectedHere;
    }

    /** What the registry, the metrics and the message log tell. */
    public MinuteRecorder recorder() {
        return recorder;
    }

    public PendingMinutes pending() {
        return pending;
    }

    /** Once a second: closes the minute when it is over, then samples the online count into the current one. */
    public void sample() {
        recorder.roll(clock.instant()).ifPresent(done -> {
            pending.add(done);
            connectedHere.get().forEach(recorder::present);
        });
        recorder.sample(onlineAll.getAsLong());
    }

    /** Every few seconds: writes and merges (see the class comment). Throws if the database fails. */
    public void write() {
        Instant now = clock.instant();
        if (!indexed) {
            docs.ensureIndexes();
            indexed = true;
        }
        Set<Instant> written = new TreeSet<>();
        for (StatsPoint p; (p = pending.oldest()) != null; ) {
            docs.saveNodeMinute(nodeId, p);
            pending.written(p);
            written.add(p.time());
        }
        StatsPoint current = recorder.snapshot();
        docs.saveNodeMinute(nodeId, current);
        rollUp.minute(current.time());
        Set<Instant> merge = new TreeSet<>(written);
        merge.addAll(writtenBefore);
        writtenBefore = written;
        Set<Instant> hours = new TreeSet<>();
        for (Instant minute : merge) {
            rollUp.minute(minute);
            hours.add(Interval.HOUR.floor(minute));
        }
        Set<Instant> days = new HashSet<>();
        for (Instant hour : hours) {
            rollUp.hour(hour);
            days.add(Interval.DAY.floor(hour));
        }
        days.forEach(rollUp::day);
        if (Duration.between(lastPrune, now).compareTo(PRUNE_EVERY) >= 0) {
            long pruned = docs.pruneExpired(now);
            lastPrune = now;
            if (pruned > 0) {
                LOG.log(Level.FINE, () -> "pruned " + pruned + " expired stats document(s)");
            }
        }
    }
}
