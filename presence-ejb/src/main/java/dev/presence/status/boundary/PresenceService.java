package dev.presence.status.boundary;

import dev.presence.auth.control.InvalidTokenException;
import dev.presence.auth.control.SecurityWarnings;
import dev.presence.auth.control.TokenSigner;
import dev.presence.auth.control.TokenVerifier;
import dev.presence.chat.control.ChatSessions;
import dev.presence.chat.control.MessageLog;
import dev.presence.chat.control.MessageStore;
import dev.presence.cluster.boundary.PayaraDataGrid;
import dev.presence.cluster.control.ClusterLifecycle;
import dev.presence.cluster.control.DataGrid;
import dev.presence.cluster.control.GridCluster;
import dev.presence.cluster.control.SingleNode;
import dev.presence.metrics.PresenceMeters;
import dev.presence.status.control.CloseCodes;
import dev.presence.status.control.Identity;
import dev.presence.status.control.PresenceReads;
import dev.presence.status.control.PresenceRegistry;
import dev.presence.status.control.PresenceSettings;
import dev.presence.store.boundary.Storage;
import dev.presence.store.control.MessageDocuments;
import dev.presence.store.control.Reconciler;
import dev.presence.webhook.boundary.WebhookMeters;
import dev.presence.webhook.boundary.Webhooks;
import com.mongodb.client.MongoDatabase;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The node's composition root and the narrow facade its edges call. At start-up it reads the settings,
 * picks the cluster's shape ({@link SingleNode} or {@link GridCluster}), builds the registry, chat sessions,
 * message log and webhooks over the store, and starts three timers ({@link NodeTicks}'s 100 ms tick and
 * store flush, {@link LeaseKeeper}'s lease). Bean-managed concurrency: the parts are thread-safe on their
 * own (per-user lanes, concurrent maps), so the container adds no lock.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class PresenceService {

    private static final Logger LOG = Logger.getLogger(PresenceService.class.getName());

    @Inject
    Config config;
    @Inject
    Storage storage;
    @Inject
    PresenceMeters meters;
    @Inject
    MongoDatabase database;
    @Resource
    ManagedScheduledExecutorService scheduler;
    @Resource
    ManagedThreadFactory threads;

    private final Clock clock = Clock.systemUTC();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private PresenceSettings settings;
    private ClusterLifecycle cluster;
    private PresenceRegistry registry;
    private ChatSessions chatSessions;
    private MessageLog messageLog;
    /**
     * Write sessions' outbound frames, one thread per core (see the web layer's OutboundQueue). Its queue
     * holds at most one task per session, the session's pump, so it is bounded by the session cap.
     */
    private ExecutorService senders;
    /** Makes the senders' threads: the container's managed threads unless the web layer installed its own. */
    private volatile ThreadFactory senderThreads;
    private TokenVerifier verifier;
    private TokenSigner devSigner;
    /** Webhooks (PROTOCOL.md §5); null while {@code presence.webhook.url} is empty. */
    private Webhooks webhooks;

    @PostConstruct
    void start() {
        Function<String, String> raw = key -> config.getOptionalValue(key, String.class).orElse(null);
        settings = PresenceSettings.from(raw::apply);
        SecurityWarnings.log(settings);
        ParentWatch.startIfConfigured(raw::apply, threads);
        String nodeId = settings.nodeName() + "-" + Long.toString(new SecureRandom().nextLong() >>> 1, 36);
        long lease = settings.nodeLease().toMillis();
        cluster = settings.cluster() ? new GridCluster(new DataGrid(PayaraDataGrid.instance(), scheduler), lease) : new SingleNode();
        registry = new PresenceRegistry(clock, settings, storage, meters, nodeId, cluster.directory());
        chatSessions = new ChatSessions(registry, clock, cluster.membership(), cluster.chatBus());
        messageLog = new MessageLog(startWebhooks(nodeId, raw), clock, threads, settings.messageQueueBytes(),
                settings.idempotencyCacheSize());
        senderThreads = threads;
        senders = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
                task -> senderThreads.newThread(task));
        verifier = TokenKeys.verifier(config, clock);
        devSigner = TokenKeys.devSigner(config, settings);
        Instant now = clock.instant();
        reconciled(storage.start(nodeId, settings.nodeName(), lease, now));
        cluster.connect(registry, chatSessions, storage, clock, () -> storage.liveLeases(now), now.toEpochMilli());
        NodeTicks ticks = new NodeTicks(clock, registry.housekeeping(), storage);
        LeaseKeeper leases = new LeaseKeeper(clock, storage, cluster, registry.housekeeping(), nodeId, lease,
                this::reconciled, ticks::nearFileLimit);
        timers.add(scheduler.scheduleWithFixedDelay(guarded("lease", leases::tick), 1, 1, TimeUnit.SECONDS));
        meters.gauge("presence_sessions_active", "Open sessions on this node", registry.reads()::sessionCount);
        meters.gauge("presence_users_online", "Users online, invisible ones included", registry.reads()::onlineCountAll);
        meters.gauge("presence_db_queue_depth", "Users with writes not yet in the database", storage::queueDepth);
        timers.add(scheduler.scheduleWithFixedDelay(guarded("tick", ticks::tick),
                NodeTicks.TICK_MILLIS, NodeTicks.TICK_MILLIS, TimeUnit.MILLISECONDS));
        long flushEvery = Math.max(10, settings.writeBehindInterval().toMillis());
        timers.add(scheduler.scheduleWithFixedDelay(guarded("store", ticks::storeTick), flushEvery, flushEvery, TimeUnit.MILLISECONDS));
        LOG.info(() -> "presence node " + nodeId + " started");
    }

    /** Graceful stop: 1001 to every client, the queue flushed, the lease released. */
    @PreDestroy
    void stop() {
        timers.forEach(t -> t.cancel(false));
        messageLog.close(); // queued messages are stored and acknowledged before the clients are closed
        registry.housekeeping().stop();
        senders.shutdown(); // the 1001 closes just queued still go out
        try {
            if (!senders.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warning("outbound frames still unsent after 10 s at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            cluster.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not leave the data grid cleanly", e);
        }
        if (webhooks != null) {
            webhooks.close(); // the users' offline events, queued by the registry's stop, reach the outbox
        }
        try {
            storage.flush();
            storage.releaseLease(clock.instant());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "could not flush presence state at shutdown: " + storage.queueDepth()
                    + " user(s) not written", e);
        }
        LOG.info(() -> "presence node " + registry.nodeId() + " stopped");
    }

    public PresenceRegistry registry() {
        return registry;
    }

    /** Counts, statuses and pages of the online list, as REST reads them. */
    public PresenceReads reads() {
        return registry.reads();
    }

    /** The node's clock now, as tokens and replies carry it. */
    public Instant now() {
        return registry.now();
    }

    public ChatSessions chatSessions() {
        return chatSessions;
    }

    /** Where sessions' outbound frames are written. */
    public Executor senders() {
        return senders;
    }

    /**
     * Makes the senders' threads with {@code factory}, given the container's managed threads. The pool makes
     * its threads as frames arrive, so the web layer calls this before the first session to choose every one.
     */
    public void useSenderThreads(UnaryOperator<ThreadFactory> factory) {
        senderThreads = factory.apply(threads);
    }

    public MessageLog messageLog() {
        return messageLog;
    }

    public MessageDocuments messages() {
        return storage.messages();
    }

    public PresenceSettings settings() {
        return settings;
    }

    public Identity verify(String token) throws InvalidTokenException {
        return verifier.verify(token);
    }

    public TokenVerifier verifier() {
        return verifier;
    }

    /** The development token signer, present only while {@code presence.dev-login} is true. */
    public Optional<TokenSigner> devSigner() {
        return Optional.ofNullable(devSigner);
    }

    /**
     * {@code DELETE /api/admin/sessions/{userId}}: closes the user's sessions here and asks the other nodes
     * to close theirs. Returns how many sessions the user had on every node.
     */
    public int kick(String userId) {
        int everywhere = registry.reads().sessionsAnywhere(userId);
        int here = registry.housekeeping().closeUser(userId, CloseCodes.CLOSED_BY_OPERATOR, "closed by an operator");
        cluster.kick(userId);
        return Math.max(everywhere, here);
    }

    public boolean databaseReachable() {
        try {
            storage.ping();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Starts webhooks when {@code presence.webhook.url} is set (invalid webhook settings stop the deployment);
     * returns the store the message log writes through: with webhooks, it writes each message's
     * {@code message.stored} in the same group commit.
     */
    private MessageStore startWebhooks(String nodeId, Function<String, String> raw) {
        WebhookMeters webhookMeters = new WebhookMeters(meters, () -> webhooks == null ? 0 : webhooks.pending());
        webhooks = Webhooks.startIfConfigured(raw::apply, database, clock, threads, nodeId, settings.nodeName(),
                settings.nodeLease().toMillis(), cluster::owns, webhookMeters);
        if (webhooks == null) {
            return storage.messages();
        }
        registry.addChangeListener(webhooks.userEvents());
        return webhooks.messageStore(storage.messages(), chatSessions::members);
    }

    /**
     * Users a reconciliation took offline get their {@code user.offline}; in a cluster only those the data
     * grid no longer has (a whole cluster restarted), since for the others the grid's owner records it.
     */
    private void reconciled(Reconciler.Result result) {
        if (webhooks != null && !result.wentOffline().isEmpty()) {
            webhooks.reconciled(result, cluster::holds);
        }
    }

    private static Runnable guarded(String name, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "presence " + name + " timer failed; it runs again at its next turn", e);
            }
        };
    }

    /** How long a development token lives. */
    public static final Duration DEV_TOKEN_TTL = Duration.ofHours(12);
}
