package dev.presence.metrics;

import dev.presence.status.control.PresenceMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Timer;

/** The metrics of PROTOCOL.md §4 in MicroProfile Metrics (exported by the runtime as Prometheus text). */
@ApplicationScoped
public class PresenceMeters implements PresenceMetrics {

    @Inject
    MetricRegistry registry;

    private Counter authSuccess;
    private Counter authFailure;
    private Counter delivered;
    private Histogram sessionDuration;
    private Timer fanout;
    private Timer dbWrite;
    /** Others told of the same events (the operators' stats); each must not block. */
    private final java.util.List<PresenceMetrics> alsoTold = new java.util.concurrent.CopyOnWriteArrayList<>();

    @PostConstruct
    void register() {
        authSuccess = registry.counter(meta("presence_auth_success", "Successful socket authentications", MetricUnits.NONE));
        authFailure = registry.counter(meta("presence_auth_failure", "Rejected socket authentications", MetricUnits.NONE));
        delivered = registry.counter(meta("presence_messages_delivered", "Server frames queued for delivery by fan-out", MetricUnits.NONE));
        sessionDuration = registry.histogram(meta("presence_session_duration", "How long authenticated sessions lasted", MetricUnits.SECONDS));
        fanout = registry.timer(meta("presence_fanout", "Time to fan one event out to its audience", MetricUnits.SECONDS));
        dbWrite = registry.timer(meta("presence_db_write", "Time of one bulk write of the write-behind queue", MetricUnits.SECONDS));
    }

    /** Registers a counter (exported with {@code _total}); returns what increments it. */
    public java.util.function.LongConsumer counter(String name, String description) {
        Counter c = registry.counter(meta(name, description, MetricUnits.NONE));
        return c::inc;
    }

    /** Tells {@code other} of every event these metrics record from now on. */
    public void alsoTell(PresenceMetrics other) {
        alsoTold.add(other);
    }

    /** Registers a gauge read when /metrics is scraped. */
    public void gauge(String name, String description, Supplier<Number> value) {
        registry.gauge(meta(name, description, MetricUnits.NONE), value, Supplier::get);
    }

    private static Metadata meta(String name, String description, String unit) {
        return Metadata.builder().withName(name).withDescription(description).withUnit(unit).build();
    }

    @Override
    public void authenticated(boolean success) {
        (success ? authSuccess : authFailure).inc();
        alsoTold.forEach(m -> m.authenticated(success));
    }

    @Override
    public void delivered(long frames) {
        delivered.inc(frames);
    }

    @Override
    public void sessionEnded(long millis) {
        sessionDuration.update(millis / 1000);
        alsoTold.forEach(m -> m.sessionEnded(millis));
    }

    @Override
    public void fannedOut(long nanos) {
        fanout.update(Duration.ofNanos(nanos));
    }

    public void dbWrite(long nanos) {
        dbWrite.update(Duration.ofNanos(nanos));
    }
}
