package dev.presence.status.boundary;

import dev.presence.auth.control.InvalidTokenException;
import dev.presence.chat.control.ChatRooms;
import dev.presence.cluster.boundary.PayaraDataGrid;
import dev.presence.cluster.control.DataGrid;
import dev.presence.cluster.control.NodeWatch;
import dev.presence.status.control.CloseCodes;
import dev.presence.chat.control.MessageLog;
import dev.presence.store.control.MessageDocuments;
import dev.presence.auth.control.PublicKeys;
import dev.presence.auth.control.TokenSigner;
import dev.presence.auth.control.TokenVerifier;
import dev.presence.metrics.PresenceMeters;
import dev.presence.status.control.FileDescriptorGuard;
import dev.presence.status.control.Identity;
import dev.presence.status.control.PresenceRegistry;
import dev.presence.status.control.PresenceSettings;
import dev.presence.store.boundary.Storage;
import dev.presence.store.control.Reconciler;
import dev.presence.chat.control.MessageStore;
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
import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The node's presence: owns the registry, its timers and its store. Bean-managed concurrency: the registry
 * is thread-safe on its own (per-user monitors, concurrent maps), so the container adds no lock.
 *
 * <p>Timers: a 100 ms tick runs due deadlines (offline graces, authentication timeouts) so a grace ends
 * within its bound, and once a second closes silent sessions; a store tick flushes the write-behind queue;
 * a lease tick renews the lease every third of it, sweeps dead nodes (a cluster) and reconciles the
 * database once per lease.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class PresenceService {

    private static final Logger LOG = Logger.getLogger(PresenceService.class.getName());
    private static final long TICK_MILLIS = 100;
    private static final Duration KEY_PRUNE_EVERY = Duration.ofHours(1);
    /** How often offline users unused for their time leave memory. */
    private static final long EVICT_EVERY_TICKS = 100;

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
    private PresenceRegistry registry;
    private ChatRooms chatRooms;
    private MessageLog messageLog;
    /**
     * Write sessions' outbound frames, one thread per core (see the web layer's OutboundQueue). Its queue
     * holds at most one task per session, the session's pump, so it is bounded by the session cap.
     */
    private ExecutorService senders;
    /** Makes the senders' threads: the container's managed threads unless the web layer installed its own. */
    private volatile java.util.concurrent.ThreadFactory senderThreads;
    private long lastKeyPrune;
    private TokenVerifier verifier;
    private TokenSigner devSigner;
    private long lastRenewal;
    private long lastReconcile;
    private long ticks;
    private final FileDescriptorGuard files = fileDescriptorGuard();
    private boolean nearFileLimit;
    /** The data grid in a cluster; null on a single node. */
    private DataGrid grid;
    private NodeWatch nodeWatch;
    /** Webhooks (PROTOCOL.md §5); null while {@code presence.webhook.url} is empty. */
    private Webhooks webhooks;

    @PostConstruct
    void start() {
        settings = PresenceSettings.from(key -> config.getOptionalValue(key, String.class).orElse(null));
        dev.presence.auth.control.SecurityWarnings.log(settings);
        ParentWatch.startIfConfigured(key -> config.getOptionalValue(key, String.class).orElse(null), threads);
        String nodeId = settings.nodeName() + "-" + Long.toString(new SecureRandom().nextLong() >>> 1, 36);
        if (settings.cluster()) {
            grid = new DataGrid(PayaraDataGrid.instance(), scheduler);
            nodeWatch = new NodeWatch(settings.nodeLease().toMillis());
            registry = new PresenceRegistry(clock, settings, storage, meters, nodeId, grid.directory());
            chatRooms = new ChatRooms(registry, clock, grid.membership(), grid);
        } else {
            registry = new PresenceRegistry(clock, settings, storage, meters, nodeId);
            chatRooms = new ChatRooms(registry, clock);
        }
        MessageStore messageStore = startWebhooks(nodeId);
        messageLog = new MessageLog(messageStore, clock, threads, settings.messageQueueBytes(),
                settings.idempotencyCacheSize());
        senderThreads = threads;
        senders = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
                task -> senderThreads.newThread(task));
        verifier = createVerifier();
        devSigner = createDevSigner();
        Instant now = clock.instant();
        Reconciler.Result startup = storage.start(nodeId, settings.nodeName(), settings.nodeLease().toMillis(), now);
        reconciled(startup);
        lastRenewal = lastReconcile = now.toEpochMilli();
        if (grid != null) {
            grid.connect(registry, chatRooms, storage, clock);
            nodeWatch.sweepsDue(liveNodes(now.toEpochMilli()), now.toEpochMilli());
        }
        // its own timer: a slow flush must not make the lease late
        timers.add(scheduler.scheduleWithFixedDelay(guarded("lease", this::leaseTick), 1, 1, TimeUnit.SECONDS));
        meters.gauge("presence_sessions_active", "Open sessions on this node", registry::sessionCount);
        meters.gauge("presence_users_online", "Users online, invisible ones included", registry::onlineCountAll);
        meters.gauge("presence_db_queue_depth", "Users with writes not yet in the database", storage::queueDepth);
        timers.add(scheduler.scheduleWithFixedDelay(guarded("tick", this::tick), TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS));
        long flushEvery = Math.max(10, settings.writeBehindInterval().toMillis());
        timers.add(scheduler.scheduleWithFixedDelay(guarded("store", this::storeTick), flushEvery, flushEvery, TimeUnit.MILLISECONDS));
        LOG.info(() -> "presence node " + nodeId + " started");
    }

    /** Graceful stop: 1001 to every client, the queue flushed, the lease released. */
    @PreDestroy
    void stop() {
        timers.forEach(t -> t.cancel(false));
        messageLog.close(); // queued messages are stored and acknowledged before the clients are closed
        registry.stop();
        senders.shutdown(); // the 1001 closes just queued still go out
        try {
            if (!senders.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warning("outbound frames still unsent after 10 s at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (grid != null) {
            try {
                grid.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not leave the data grid cleanly", e);
            }
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

    public ChatRooms chatRooms() {
        return chatRooms;
    }

    /** Where sessions' outbound frames are written. */
    public Executor senders() {
        return senders;
    }

    /**
     * Makes the senders' threads with {@code factory}, given the container's managed threads. The pool makes
     * its threads as frames arrive, so the web layer calls this before the first session to choose every one.
     */
    public void useSenderThreads(java.util.function.UnaryOperator<java.util.concurrent.ThreadFactory> factory) {
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
        int everywhere = registry.sessionsAnywhere(userId);
        int here = registry.closeUser(userId, CloseCodes.CLOSED_BY_OPERATOR, "closed by an operator");
        if (grid != null) {
            grid.kick(userId);
        }
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

    private void tick() {
        registry.tick();
        if (++ticks % EVICT_EVERY_TICKS == 0) {
            registry.evictUnusedUsers();
        }
        if (ticks % 10 == 0) {
            registry.closeSilentSessions();
            boolean near = files.nearLimit();
            if (near != nearFileLimit) {
                nearFileLimit = near;
                LOG.log(near ? Level.WARNING : Level.INFO, near
                        ? "open files reached " + files.refuseAt() + ": refusing new sessions with 1013"
                        : "open files back under " + files.refuseAt() + ": accepting new sessions");
            }
            registry.refuseNewSessions(near);
        }
    }

    private void storeTick() {
        storage.flush();
        long now = clock.millis();
        if (now - lastKeyPrune >= KEY_PRUNE_EVERY.toMillis()) {
            storage.messages().pruneKeys(Instant.ofEpochMilli(now).minus(MessageLog.IDEMPOTENCY));
            lastKeyPrune = now;
        }
    }

    /**
     * Once a second: renews the lease every third of it, takes dead nodes' sessions out of the grid (a
     * cluster), and once per lease reconciles the database (on a single node, or on the oldest member).
     */
    private void leaseTick() {
        long now = clock.millis();
        long lease = settings.nodeLease().toMillis();
        if (now - lastRenewal >= lease / 3) {
            if (!storage.renewLease(Instant.ofEpochMilli(now), lease)) {
                leaseLost(now, lease);
            }
            lastRenewal = now;
        }
        if (grid != null) {
            sweepDeadNodes(now);
        }
        if (now - lastReconcile >= lease && (grid == null || grid.isLeader())) {
            reconciled(storage.reconcile(Instant.ofEpochMilli(now), lease, grid == null ? Set.of() : grid.memberNodes()));
            lastReconcile = now;
        }
    }

    /**
     * The lease was gone when this node came to renew it: the cluster declared the node dead (its lease
     * expired while it was out of the data grid, a long pause) and took its users offline. It closes its
     * sessions (their clients reconnect), removes itself from whatever the grid still says it holds, and
     * starts afresh.
     */
    private void leaseLost(long now, long lease) {
        LOG.warning(() -> "the lease of node " + registry.nodeId() + " expired before it could be renewed");
        if (grid != null) {
            registry.refuseNewSessions(true);
            registry.detach();
            grid.dropEverywhere(registry.nodeId(), lastRenewal, registry, chatRooms);
            registry.refuseNewSessions(nearFileLimit);
        }
        storage.retakeLease(Instant.ofEpochMilli(now), lease);
    }

    /**
     * A node is dead once its lease has expired and its data grid member has left: its sessions come out
     * of the grid entries this member owns, and its lease is deleted, so it cannot come back unnoticed.
     */
    private void sweepDeadNodes(long now) {
        Map<String, Instant> due = nodeWatch.sweepsDue(liveNodes(now), now);
        due.remove(registry.nodeId());
        if (!due.isEmpty()) {
            due.keySet().forEach(node -> {
                storage.forgetLease(node);
                grid.forgetNode(node);
            });
            grid.dropOwned(due, registry, chatRooms);
        }
    }

    /** Nodes with a live lease, and data grid members whose lease is late, with their last renewal. */
    private Map<String, Instant> liveNodes(long now) {
        Map<String, Instant> live = new java.util.HashMap<>(storage.liveLeases(Instant.ofEpochMilli(now)));
        for (String member : grid.memberNodes()) {
            live.putIfAbsent(member, Instant.ofEpochMilli(now));
        }
        return live;
    }

    /**
     * Starts webhooks when {@code presence.webhook.url} is set (invalid webhook settings stop the deployment);
     * returns the store the message log writes through: with webhooks, it writes each message's
     * {@code message.stored} in the same group commit.
     */
    private MessageStore startWebhooks(String nodeId) {
        WebhookMeters webhookMeters = new WebhookMeters(meters, () -> webhooks == null ? 0 : webhooks.pending());
        webhooks = Webhooks.startIfConfigured(key -> config.getOptionalValue(key, String.class).orElse(null), database,
                clock, threads, nodeId, settings.nodeName(), settings.nodeLease().toMillis(),
                grid == null ? userId -> true : grid::owns, webhookMeters);
        if (webhooks == null) {
            return storage.messages();
        }
        registry.addChangeListener(webhooks.userEvents());
        return webhooks.messageStore(storage.messages(), chatRooms::members);
    }

    /**
     * Users a reconciliation took offline get their {@code user.offline}; in a cluster only those the data
     * grid no longer has (a whole cluster restarted), since for the others the grid's owner records it.
     */
    private void reconciled(Reconciler.Result result) {
        if (webhooks != null && !result.wentOffline().isEmpty()) {
            var directory = grid == null ? null : grid.directory();
            webhooks.reconciled(result, directory == null ? userId -> false : userId -> directory.get(userId) != null);
        }
    }

    private static FileDescriptorGuard fileDescriptorGuard() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            return new FileDescriptorGuard(unix::getOpenFileDescriptorCount, unix.getMaxFileDescriptorCount());
        }
        return new FileDescriptorGuard(() -> 0, 0);
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

    private TokenVerifier createVerifier() {
        Optional<String> location = config.getOptionalValue("mp.jwt.verify.publickey.location", String.class);
        String issuer = config.getOptionalValue("mp.jwt.verify.issuer", String.class).orElse(null);
        if (location.isEmpty() || issuer == null) {
            throw new IllegalStateException("mp.jwt.verify.publickey.location and mp.jwt.verify.issuer must be set:"
                    + " without them no token can be verified");
        }
        try {
            return new TokenVerifier(PublicKeys.readPublicKey(location.get()), issuer,
                    TokenVerifier.audiences(config.getOptionalValue("mp.jwt.verify.audiences", String.class).orElse(null)), clock);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the public key at " + location.get() + ": " + e.getMessage(), e);
        }
    }

    private TokenSigner createDevSigner() {
        if (!settings.devLogin()) {
            return null;
        }
        String location = config.getOptionalValue("presence.dev-login.private-key-location", String.class)
                .orElseThrow(() -> new IllegalStateException(
                        "presence.dev-login is true but presence.dev-login.private-key-location is not set"));
        try {
            Path key = PublicKeys.locate(location);
            return new TokenSigner(PublicKeys.readPrivateKey(key), config.getValue("mp.jwt.verify.issuer", String.class));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the development private key at " + location + ": " + e.getMessage(), e);
        }
    }

    /** How long a development token lives. */
    public static final Duration DEV_TOKEN_TTL = Duration.ofHours(12);
}
