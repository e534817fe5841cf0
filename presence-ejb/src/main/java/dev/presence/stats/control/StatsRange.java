package dev.presence.stats.control;

import dev.presence.stats.entity.Interval;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The points a stats request asks for (PROTOCOL.md §5): the intervals whose start lies in
 * [{@code from} rounded down to the interval, {@code to}). {@code interval} defaults to minute, {@code to} to
 * now, {@code from} to 60 intervals before {@code to}. An unknown interval, an instant that is not ISO-8601,
 * {@code from} after {@code to}, or more than {@link #MAX_POINTS} points is refused with a message saying
 * which, before anything is read.
 */
public record StatsRange(Interval interval, Instant from, Instant to) {

    public static final int MAX_POINTS = 1000;
    static final int DEFAULT_POINTS = 60;

    /** Thrown for a request that breaks one of the rules; its message is meant for the caller. */
    public static final class InvalidRange extends IllegalArgumentException {
        InvalidRange(String message) {
            super(message);
        }
    }

    /** Null parameters take their defaults; {@code now} is the default {@code to}. */
    public static StatsRange parse(String from, String to, String interval, Instant now) {
        Interval i = interval == null ? Interval.MINUTE : Interval.fromWire(interval)
                .orElseThrow(() -> new InvalidRange("interval must be minute, hour or day; got " + interval));
        Instant end = to == null ? now : instant("to", to);
        Instant start = from == null ? i.plus(end, -DEFAULT_POINTS) : instant("from", from);
        if (start.isAfter(end)) {
            throw new InvalidRange("from (" + start + ") is after to (" + end + ")");
        }
        StatsRange range = new StatsRange(i, i.floor(start), end);
        long points = range.points();
        if (points > MAX_POINTS) {
            throw new InvalidRange("from " + start + " to " + end + " holds " + points + " " + i.wire()
                    + " points; at most " + MAX_POINTS + ": ask for a shorter range or a longer interval");
        }
        return range;
    }

    /** How many intervals start in the range. */
    public long points() {
        long seconds = Duration.between(from, to).getSeconds() + (Duration.between(from, to).getNano() > 0 ? 1 : 0);
        long step = interval.length().getSeconds();
        return Math.max(0, (seconds + step - 1) / step);
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidRange(name + " must be an ISO-8601 instant such as 2026-11-27T21:30:00Z; got " + value);
        }
    }
}
