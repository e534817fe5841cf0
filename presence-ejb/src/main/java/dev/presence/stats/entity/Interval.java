package dev.presence.stats.entity;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * The granularities stats are kept at (PROTOCOL.md §5, {@code interval=minute|hour|day}), with how long
 * each is kept. Days are UTC days. Minutes are kept the 90 days the contract asks for; hours and days,
 * which cost 24 and 1,440 times less, longer.
 */
public enum Interval {
    MINUTE(ChronoUnit.MINUTES, Duration.ofDays(90)),
    HOUR(ChronoUnit.HOURS, Duration.ofDays(400)),
    DAY(ChronoUnit.DAYS, Duration.ofDays(5 * 366));

    private final ChronoUnit unit;
    private final Duration retention;

    Interval(ChronoUnit unit, Duration retention) {
        this.unit = unit;
        this.retention = retention;
    }

    /** {@code minute}, {@code hour} or {@code day}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Interval> fromWire(String s) {
        for (Interval i : values()) {
            if (i.wire().equals(s)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** The start of the interval holding {@code t}. */
    public Instant floor(Instant t) {
        return t.truncatedTo(unit);
    }

    public Instant plus(Instant start, long n) {
        return start.plus(n, unit);
    }

    public Duration length() {
        return unit.getDuration();
    }

    /** How long a document of this interval is kept after its start. */
    public Duration retention() {
        return retention;
    }
}
