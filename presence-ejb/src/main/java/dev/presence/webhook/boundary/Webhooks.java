package dev.presence.webhook.boundary;

import com.mongodb.client.MongoDatabase;
import dev.presence.chat.control.MessageStore;
import dev.presence.store.control.MessageDocuments;
import dev.presence.store.control.Reconciler;
import dev.presence.webhook.control.CountedLease;
import dev.presence.webhook.control.CountedOutbox;
import dev.presence.webhook.control.HttpPoster;
import dev.presence.webhook.control.Outbox;
import dev.presence.webhook.control.MessageEventStore;
import dev.presence.webhook.control.OutboxDocuments;
import dev.presence.webhook.control.OutboxQueue;
import dev.presence.webhook.control.OutboxWriter;
import dev.presence.webhook.control.SenderDocument;
import dev.presence.webhook.control.SenderLoop;
import dev.presence.webhook.control.Signature;
import dev.presence.webhook.control.UserEventHook;
import dev.presence.webhook.control.UserEventRules;
import dev.presence.webhook.control.WebhookMetrics;
import dev.presence.webhook.control.WebhookSender;
import dev.presence.webhook.control.WebhookSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * Webhooks on one node (PROTOCOL.md §5), put together: user events from the registry's changes through a
 * bounded queue and a writer thread into the outbox; {@code message.stored} into the outbox within the
 * message log's group commit; one sender thread that delivers while this node holds the sender lease.
 * Exists only while {@code presence.webhook.url} is set: with it empty nothing here is created, no thread
 * runs, and neither presence nor messages pay anything.
 */
public final class Webhooks implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Webhooks.class.getName());

    private final Clock clock;
    private final OutboxDocuments documents;
    /** The outbox as every writer uses it: its writes counted. */
    private final Outbox outbox;
    private final OutboxQueue queue;
    private final OutboxWriter writer;
    private final SenderLoop sender;
    private final HttpPoster poster;
    private final ExecutorService http;
    private final UserEventHook userEvents;
    private volatile long lastPending;

    private Webhooks(WebhookSettings settings, MongoDatabase database, Clock clock, ThreadFactory threads, String nodeId,
                     String nodeName, long leaseMillis, Predicate<String> ownedHere, WebhookMetrics metrics) {
        this.clock = clock;
        this.documents = new OutboxDocuments(database, settings.retention());
        documents.ensureIndexes();
        this.outbox = new CountedOutbox(documents, !settings.retention().isZero(), metrics::databaseWrites);
        this.queue = new OutboxQueue(settings.queueEvents(), settings.queueBytes());
        this.http = Executors.newCachedThreadPool(threads);
        this.poster = new HttpPoster(settings.url(), http);
        WebhookSender delivery = new WebhookSender(outbox, new CountedLease(new SenderDocument(database, nodeId, nodeName),
                metrics::databaseWrites), poster,
                new Signature(settings.secret()), clock, leaseMillis, settings.retention().toMillis(), metrics,
                settings.url().toString());
        this.sender = new SenderLoop(delivery, threads);
        this.writer = new OutboxWriter(queue, outbox, threads, sender::wake);
        this.userEvents = new UserEventHook(ownedHere, queue, clock, metrics);
    }

    /**
     * Starts webhooks when {@code presence.webhook.url} is set, else returns null.
     *
     * @param ownedHere whether this node records a user's events (single node: always; cluster: the owner)
     * @throws IllegalArgumentException for invalid settings: the service refuses to start
     */
    public static Webhooks startIfConfigured(Function<String, String> config, MongoDatabase database, Clock clock,
                                             ThreadFactory threads, String nodeId, String nodeName, long leaseMillis,
                                             Predicate<String> ownedHere, WebhookMetrics metrics) {
        return WebhookSettings.from(config).map(s -> {
            Webhooks w = new Webhooks(s, database, clock, threads, nodeId, nodeName, leaseMillis, ownedHere, metrics);
            w.writer.start();
            w.sender.start();
            LOG.info(() -> "webhooks on: signed batches to " + s.url() + "; delivered events kept "
                    + s.retention().toHours() + " h for replay");
            return w;
        }).orElse(null);
    }

    /** The registry's change listener: classifies and queues, on the user's lane. */
    public UserEventHook userEvents() {
        return userEvents;
    }

    /** The message log's store: {@code message.stored} in the same group commit as its message. */
    public MessageStore messageStore(MessageDocuments messages, Function<String, Collection<String>> members) {
        return new MessageEventStore(messages, members, outbox, clock, sender::wake);
    }

    /**
     * A reconciliation took users of dead nodes offline in the database: each that others saw online gets
     * its {@code user.offline}, unless {@code knownToDirectory} (in a cluster, the data grid still has the
     * user, and its owner records the offline change when it takes the dead node out of the entry).
     */
    public void reconciled(Reconciler.Result result, Predicate<String> knownToDirectory) {
        long now = clock.millis();
        for (Reconciler.WentOffline w : result.wentOffline()) {
            if (w.wasVisible() && !knownToDirectory.test(w.userId())) {
                userEvents.queue(List.of(UserEventRules.offlineAfterCrash(w.userId(), w.lastSeen(), now)));
            }
        }
    }

    /** Events not delivered yet: those waiting in memory here and those in the (cluster-wide) outbox. */
    public long pending() {
        try {
            lastPending = documents.pending();
        } catch (RuntimeException e) {
            // the database is away: the last figure read
        }
        return lastPending + queue.size();
    }

    /**
     * Graceful stop, after the registry has stopped (its users' offline events are queued): writes what is
     * queued to the outbox, ends the delivery under way, lets the sender lease go.
     */
    @Override
    public void close() {
        writer.close(Duration.ofSeconds(10));
        sender.close();
        poster.close();
        http.shutdownNow();
    }
}
