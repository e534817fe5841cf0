package dev.presence.store.boundary;

import com.mongodb.client.MongoDatabase;
import dev.presence.status.control.PresenceStore;
import dev.presence.status.control.StoredUser;
import dev.presence.status.control.UserWrite;
import dev.presence.status.entity.Status;
import dev.presence.store.control.NodeLeaseRepository;
import dev.presence.store.control.LeaseStore;
import dev.presence.store.control.MessageDocuments;
import dev.presence.store.control.NodeLeases;
import dev.presence.store.control.Reconciler;
import dev.presence.store.control.UserDocuments;
import dev.presence.store.control.UserRepository;
import dev.presence.store.control.WriteBehind;
import dev.presence.store.entity.NodeLease;
import dev.presence.metrics.PresenceMeters;
import dev.presence.store.entity.UserDocument;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.bson.Document;

/**
 * The database side of presence: user reads through JNoSQL, writes through the write-behind queue and the
 * driver's bulk API, this node's lease, and reconciliation of dead nodes.
 */
@ApplicationScoped
public class Storage implements PresenceStore, LeaseStore {

    private static final Logger LOG = Logger.getLogger(Storage.class.getName());
    static final long PING_TIMEOUT_MS = 2_000;

    @Inject
    MongoDatabase database;
    @Inject
    UserRepository userRepository;
    @Inject
    NodeLeaseRepository leaseRepository;
    @Inject
    PresenceMeters metrics;

    private final WriteBehind queue = new WriteBehind();
    private MessageDocuments messages;
    private UserDocuments userDocuments;
    private NodeLeases nodeLeases;
    private volatile NodeLease lease;

    @Override
    public Map<String, StoredUser> load(Collection<String> userIds) {
        Map<String, StoredUser> out = new HashMap<>();
        for (UserDocument d : userRepository.findByIdIn(List.copyOf(userIds))) {
            out.put(d.getId(), new StoredUser(Status.fromWire(d.getStatus()).orElse(Status.AVAILABLE),
                    d.getStatusText(), d.getLastSeen()));
        }
        return out;
    }

    @Override
    public void write(UserWrite write) {
        queue.write(write);
    }

    @Override
    public boolean pending(String userId) {
        return queue.pending(userId);
    }

    public int queueDepth() {
        return queue.depth();
    }

    /** Applies every queued write in one bulk write; on failure they stay queued for the next flush. */
    public void flush() {
        long started = System.nanoTime();
        int written = queue.flush(users());
        if (written > 0) {
            metrics.dbWrite(System.nanoTime() - started);
        }
    }

    /**
     * Takes this node's lease, after expiring those of its earlier incarnations and reconciling; returns what
     * the reconciliation did (the users a crashed run left online are offline now).
     */
    public Reconciler.Result start(String nodeId, String nodeName, long leaseMillis, Instant now) {
        users().ensureIndexes();
        messages().ensureIndexes();
        long expired = leases().expireEarlierIncarnations(nodeName, nodeId, now);
        if (expired > 0) {
            LOG.info(() -> "expired " + expired + " lease(s) of earlier runs of node " + nodeName);
        }
        lease = new NodeLease(nodeId, nodeName, now, now, now.plusMillis(leaseMillis));
        leaseRepository.save(lease);
        return reconcile(now, leaseMillis);
    }

    @Override
    public boolean renewLease(Instant now, long leaseMillis) {
        NodeLease next = lease.renewed(now, leaseMillis);
        boolean live = leases().renewIfHeld(next.getId(), now, next.getExpiresAt());
        lease = next;
        return live;
    }

    @Override
    public void retakeLease(Instant now, long leaseMillis) {
        lease = new NodeLease(lease.getId(), lease.getNodeName(), now, now, now.plusMillis(leaseMillis));
        leaseRepository.save(lease);
    }

    @Override
    public void forgetLease(String nodeId) {
        leases().forget(nodeId);
    }

    @Override
    public Map<String, Instant> liveLeases(Instant now) {
        return leases().live(now);
    }

    public void releaseLease(Instant now) {
        if (lease != null) {
            leaseRepository.save(lease.released(now));
        }
    }

    public Reconciler.Result reconcile(Instant now, long leaseMillis) {
        return reconcile(now, leaseMillis, Set.of());
    }

    @Override
    public Reconciler.Result reconcile(Instant now, long leaseMillis, Set<String> alsoLive) {
        Reconciler.Result r = new Reconciler(database).reconcile(now, now.minusMillis(leaseMillis), false, alsoLive);
        if (!r.usersSetOffline().isEmpty() || r.socketIdsRemoved() > 0) {
            LOG.info(() -> "reconciled dead nodes " + r.deadNodes() + ": " + r.usersSetOffline().size()
                    + " user(s) offline, " + r.socketIdsRemoved() + " socketId(s) removed");
        }
        return r;
    }

    private NodeLeases leases() {
        NodeLeases l = nodeLeases;
        if (l == null) {
            l = nodeLeases = new NodeLeases(database);
        }
        return l;
    }

    private UserDocuments users() {
        UserDocuments u = userDocuments;
        if (u == null) {
            u = userDocuments = new UserDocuments(database);
        }
        return u;
    }

    /** Messages and their idempotency keys. */
    public MessageDocuments messages() {
        MessageDocuments m = messages;
        if (m == null) {
            m = messages = new MessageDocuments(database);
        }
        return m;
    }

    /**
     * A round trip to the database, for readiness, given up after {@link #PING_TIMEOUT_MS}: a probe must
     * answer. Without a bound, a database that accepts connections but does not answer holds each check as
     * long as the driver waits (30 s to select a server, 120 s for a pooled connection), and the probe's
     * caller sees a timeout instead of "down".
     */
    public void ping() {
        database.withTimeout(PING_TIMEOUT_MS, TimeUnit.MILLISECONDS).runCommand(new Document("ping", 1));
    }
}
