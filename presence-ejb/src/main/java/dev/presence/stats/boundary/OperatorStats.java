package dev.presence.stats.boundary;

import com.mongodb.client.MongoDatabase;
import dev.presence.metrics.PresenceMeters;
import dev.presence.stats.control.NodeFigures;
import dev.presence.stats.control.NodeStats;
import dev.presence.stats.control.StatsDocuments;
import dev.presence.stats.control.StatsRange;
import dev.presence.stats.entity.Interval;
import dev.presence.stats.entity.NodeView;
import dev.presence.stats.entity.StatsPoint;
import dev.presence.status.boundary.PresenceService;
import dev.presence.status.control.PresenceRegistry;
import dev.presence.store.boundary.Storage;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The operators' figures (PROTOCOL.md §5, "Operators"): this node's stats, recorded per minute and merged for
 * the cluster in MongoDB, and each node's live figures in its lease. Starts after {@link PresenceService}
 * (whose registry, metrics and message log it listens to) and stops before it, so the last minute is
 * written while the store is still there. Its own timers: a slow database delays the stats, never presence.
 */
@Singleton
@Startup
@DependsOn("PresenceService")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class OperatorStats {

    private static final Logger LOG = Logger.getLogger(OperatorStats.class.getName());
    /** How often the node writes its figures and merges the cluster's. */
    static final Duration WRITE_EVERY = Duration.ofSeconds(5);

    @Inject
    PresenceService presence;
    @Inject
    PresenceMeters meters;
    @Inject
    Storage storage;
    @Inject
    MongoDatabase database;
    @Resource
    ManagedScheduledExecutorService scheduler;
    @Resource
    ManagedThreadFactory threads;

    private final Clock clock = Clock.systemUTC();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    /**
     * The database writes run on a thread of their own: a database that does not answer holds it as long as
     * the driver waits (30 s to select a server), and must not hold a thread presence's timers share.
     */
    private ScheduledExecutorService writer;
    private StatsDocuments docs;
    private NodeFigures nodeFigures;
    private NodeStats stats;
    private volatile boolean failing;

    @PostConstruct
    void start() {
        PresenceRegistry registry = presence.registry();
        docs = new StatsDocuments(database);
        nodeFigures = new NodeFigures(database);
        stats = new NodeStats(registry.nodeId(), clock, docs, registry.reads()::onlineCountAll, registry.reads()::localUserIds);
        meters.alsoTell(stats.recorder());
        registry.addChangeListener(stats.recorder());
        presence.messageLog().onStored(stats.recorder()::messagesStored);
        timers.add(scheduler.scheduleAtFixedRate(guarded("sample", stats::sample), 1, 1, TimeUnit.SECONDS));
        writer = Executors.newSingleThreadScheduledExecutor(threads);
        writer.scheduleWithFixedDelay(guarded("write", this::write), WRITE_EVERY.toMillis(), WRITE_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The minute so far is written before the store goes (a restart of the node continues in a new document). */
    @PreDestroy
    void stop() {
        timers.forEach(t -> t.cancel(false));
        writer.shutdown();
        try {
            if (writer.awaitTermination(10, TimeUnit.SECONDS)) {
                guarded("final write", this::write).run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write() {
        PresenceRegistry registry = presence.registry();
        Instant now = clock.instant();
        nodeFigures.report(registry.nodeId(), registry.reads().sessionCount(), registry.reads().localUserIds().size(),
                storage.queueDepth(), now);
        stats.write();
        if (failing) {
            failing = false;
            LOG.info("operator stats are written again");
        }
    }

    /** The cluster's points of the range, oldest first; only intervals something was recorded in. */
    public List<StatsPoint> points(StatsRange range) {
        return docs.points(range.interval(), range.from(), range.to());
    }

    /** The latest cluster minute that has ended, or null. */
    public StatsPoint lastMinute() {
        return docs.latest(Interval.MINUTE, Interval.MINUTE.floor(clock.instant()));
    }

    /** The cluster's minutes of the last hour that have ended. */
    public List<StatsPoint> lastHourOfMinutes() {
        Instant end = Interval.MINUTE.floor(clock.instant());
        return docs.points(Interval.MINUTE, end.minus(Duration.ofHours(1)), end);
    }

    /** Every node with a live lease; this node's figures are measured now, the others' as they last wrote them. */
    public List<NodeView> nodes() {
        PresenceRegistry registry = presence.registry();
        Instant now = clock.instant();
        List<NodeView> out = new ArrayList<>();
        for (NodeView n : nodeFigures.live(now)) {
            out.add(n.nodeId().equals(registry.nodeId()) ? n.withFigures(registry.reads().sessionCount(),
                    registry.reads().localUserIds().size(), storage.queueDepth(), now) : n);
        }
        return out;
    }

    public Instant now() {
        return clock.instant();
    }

    private Runnable guarded(String name, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                if (!failing || !"write".equals(name)) {
                    LOG.log(Level.WARNING, "operator stats " + name + " failed; it runs again at its next turn ("
                            + stats.pending().size() + " minute(s) waiting to be written)", e);
                }
                failing |= "write".equals(name);
            }
        };
    }
}
