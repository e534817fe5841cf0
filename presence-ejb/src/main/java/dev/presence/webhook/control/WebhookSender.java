package dev.presence.webhook.control;

import dev.presence.webhook.entity.WebhookEvent;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The delivery loop (PROTOCOL.md §5), one per node, sending only while the node holds the {@link SenderLease}:
 * so in a cluster each event is sent once, by one node. It takes the first events of the outbox in order
 * (at most {@link #MAX_EVENTS}, at most {@link #MAX_BYTES} unless one event alone is larger), POSTs them
 * signed, and on any 2xx takes them out. Anything else, or no answer within the poster's timeout, is a
 * failure: the same head of the outbox is tried again after {@link Backoff} (1 s doubling to 5 min), and
 * nothing behind it goes first, so each user's (and chat session's) events arrive in order. Events still
 * failing {@link #RETRY_FOR} after they happened are given up (kept for replay).
 *
 * <p>Plain Java on an injected clock: {@link #turn} is one step, which the boundary's thread repeats.
 * It holds no lock; the database and the network are touched from this one thread.
 */
public final class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class.getName());
    public static final int MAX_EVENTS = 100;
    public static final long MAX_BYTES = 1 << 20;
    /** How often a sender with nothing to send looks at the outbox (events of other nodes land there). */
    public static final Duration IDLE_POLL = Duration.ofMillis(250);
    public static final Duration RETRY_FOR = Duration.ofHours(24);
    static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private final Outbox outbox;
    private final SenderLease lease;
    private final Poster poster;
    private final Signature signature;
    private final Clock clock;
    private final long leaseMillis;
    private final long retentionMillis;
    private final WebhookMetrics metrics;
    private final String target;

    private boolean holding;
    private long renewAt;
    private long retryAt;
    private int failures;
    private long deliveredUnreported;
    private long pruneAt;

    public WebhookSender(Outbox outbox, SenderLease lease, Poster poster, Signature signature, Clock clock,
                         long leaseMillis, long retentionMillis, WebhookMetrics metrics, String target) {
        this.outbox = outbox;
        this.lease = lease;
        this.poster = poster;
        this.signature = signature;
        this.clock = clock;
        this.leaseMillis = leaseMillis;
        this.retentionMillis = retentionMillis;
        this.metrics = metrics;
        this.target = target;
    }

    /**
     * One step: renews (or tries to take) the lease when due, then sends the head of the outbox unless a
     * backoff runs. Returns how long to wait before the next step; 0 means at once (more may be waiting).
     * A database failure is thrown; the caller waits a little and calls again.
     */
    public long turn() throws InterruptedException {
        long now = clock.millis();
        if (now >= renewAt) {
            holding = lease.hold(now, leaseMillis, deliveredUnreported);
            deliveredUnreported = 0;
            renewAt = now + leaseMillis / 3;
            if (holding && now >= pruneAt) {
                pruneAt = now + PRUNE_EVERY.toMillis();
                outbox.prune(now - retentionMillis);
            }
        }
        if (!holding) {
            return renewAt - now;
        }
        if (now < retryAt) {
            return Math.min(retryAt, renewAt) - now;
        }
        List<WebhookEvent> batch = batch(outbox.head(MAX_EVENTS));
        if (batch.isEmpty()) {
            return Math.min(IDLE_POLL.toMillis(), renewAt - now);
        }
        List<String> events = new ArrayList<>(batch.size());
        batch.forEach(e -> events.add(e.json()));
        String body = EventJson.body(events);
        String error = send(body, now);
        long after = clock.millis();
        if (error == null) {
            outbox.delivered(batch, after);
            metrics.delivered(batch.size());
            deliveredUnreported += batch.size();
            if (failures > 0) {
                LOG.info(() -> "webhook deliveries to " + target + " succeed again after " + failures + " failure(s)");
                lease.recovered(after);
            }
            failures = 0;
            return 0;
        }
        failures++;
        metrics.failed();
        long wait = Backoff.millisAfter(failures);
        retryAt = after + wait;
        if (Integer.bitCount(failures) == 1 || failures % 100 == 0) {
            LOG.warning("webhook delivery of " + batch.size() + " event(s) to " + target + " failed (" + error + "); "
                    + failures + " failure(s) in a row, next attempt in " + wait + " ms");
        }
        lease.failed(after, error);
        giveUpOld(batch, after);
        return Math.min(retryAt, renewAt) - after;
    }

    /** The first events, in order, within {@link #MAX_BYTES}; at least one. */
    static List<WebhookEvent> batch(List<WebhookEvent> head) {
        List<WebhookEvent> batch = new ArrayList<>(head.size());
        long bytes = 0;
        for (WebhookEvent e : head) {
            bytes += e.json().length() + 1;
            if (!batch.isEmpty() && bytes > MAX_BYTES) {
                break;
            }
            batch.add(e);
        }
        return batch;
    }

    /** POSTs the body; null on a 2xx answer, else what went wrong. */
    private String send(String body, long now) throws InterruptedException {
        try {
            int status = poster.post(body, signature.header(now / 1000, body));
            return status >= 200 && status < 300 ? null : "HTTP " + status;
        } catch (HttpTimeoutException e) {
            return "no answer in time (" + e.getMessage() + ")";
        } catch (IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "webhook delivery to " + target + " failed unexpectedly", e);
            return e.toString();
        }
    }

    /** Events of a failed batch that have waited {@link #RETRY_FOR} since they happened leave the outbox. */
    private void giveUpOld(List<WebhookEvent> batch, long now) {
        List<WebhookEvent> old = new ArrayList<>();
        for (WebhookEvent e : batch) {
            if (now - e.time() >= RETRY_FOR.toMillis()) {
                old.add(e);
            }
        }
        if (!old.isEmpty()) {
            outbox.gaveUp(old, now);
            LOG.severe("gave up " + old.size() + " webhook event(s) to " + target + " after " + RETRY_FOR.toHours()
                    + " h of failed deliveries, the first " + old.getFirst().id() + "; presence webhooks replay re-sends them");
        }
    }

    /** Whether this node held the lease at its last step. */
    public boolean holding() {
        return holding;
    }

    /** Failed attempts in a row on the current head of the outbox. */
    public int failures() {
        return failures;
    }

    /** A graceful stop: the lease goes at once, so another node need not wait for it to lapse. */
    public void release() {
        if (holding) {
            holding = false;
            lease.release(clock.millis());
        }
    }
}
