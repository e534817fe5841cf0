package dev.presence.stats.control;

import dev.presence.stats.entity.Figures;
import dev.presence.stats.entity.HyperLogLog;
import dev.presence.stats.entity.Interval;
import dev.presence.stats.entity.StatsPoint;
import dev.presence.status.control.PresenceMetrics;
import dev.presence.status.control.PresenceRegistry;
import dev.presence.status.control.UserState;
import java.time.Instant;
import java.util.Optional;

/**
 * This node's figures for the minute under way: told of authentications and ended sessions (as a
 * {@link PresenceMetrics}), of messages stored, of every change of a user's state (the users this node holds
 * go into the minute's unique users), and sampled once a second for the online count.
 *
 * <p>Its memory is fixed whatever the traffic: counters and one {@link HyperLogLog} of 2,048 bytes. One
 * monitor guards them; it is held for a few field updates, never while anything else is touched, since the
 * callers are users' lanes and the store's timer.
 */
public final class MinuteRecorder implements PresenceMetrics, PresenceRegistry.ChangeListener {

    private final String nodeId;
    private final Object lock = new Object();
    private Instant minute;
    private long peak;
    private long onlineSum;
    private long samples;
    private long connects;
    private long authFailures;
    private long ended;
    private long sessionMillis;
    private long messages;
    private HyperLogLog users = new HyperLogLog();

    public MinuteRecorder(String nodeId, Instant now) {
        this.nodeId = nodeId;
        this.minute = Interval.MINUTE.floor(now);
    }

    /** The number of users online (cluster-wide, invisible ones included) at this moment. */
    public void sample(long online) {
        synchronized (lock) {
            peak = Math.max(peak, online);
            onlineSum += online;
            samples++;
        }
    }

    /** {@code n} chat messages were stored. */
    public void messagesStored(long n) {
        synchronized (lock) {
            messages += n;
        }
    }

    /** A user with a session on this node: one of the minute's users. */
    public void present(String userId) {
        synchronized (lock) {
            users.add(userId);
        }
    }

    @Override
    public void authenticated(boolean success) {
        synchronized (lock) {
            if (success) {
                connects++;
            } else {
                authFailures++;
            }
        }
    }

    @Override
    public void sessionEnded(long millis) {
        synchronized (lock) {
            ended++;
            sessionMillis += millis;
        }
    }

    /** Any change of a user this node holds (a session bound, a status set) makes them one of the minute's users. */
    @Override
    public void changed(UserState before, UserState after) {
        if (after.holders().containsKey(nodeId)) {
            present(after.userId());
        }
    }

    @Override
    public void delivered(long frames) {
        // frames fanned out are a load figure of /metrics, not a figure of the service's use
    }

    @Override
    public void fannedOut(long nanos) {
        // idem
    }

    /**
     * When {@code now} is past the minute under way: closes it, returns its figures, and starts the minute
     * of {@code now} from zero (the caller then adds the users still connected, see {@link #present}).
     */
    public Optional<StatsPoint> roll(Instant now) {
        Instant current = Interval.MINUTE.floor(now);
        synchronized (lock) {
            if (!current.isAfter(minute)) {
                return Optional.empty();
            }
            StatsPoint done = new StatsPoint(minute, figures(users));
            minute = current;
            peak = onlineSum = samples = connects = authFailures = ended = sessionMillis = messages = 0;
            users = new HyperLogLog();
            return Optional.of(done);
        }
    }

    /** The minute under way so far. */
    public StatsPoint snapshot() {
        synchronized (lock) {
            return new StatsPoint(minute, figures(users.copy()));
        }
    }

    private Figures figures(HyperLogLog sketch) {
        return new Figures(peak, onlineSum, samples, connects, authFailures, ended, sessionMillis, messages,
                sketch.estimate(), sketch);
    }
}
