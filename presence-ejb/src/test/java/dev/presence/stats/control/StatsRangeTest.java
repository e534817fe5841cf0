package dev.presence.stats.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.stats.entity.Interval;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatsRangeTest {

    private static final Instant NOW = Instant.parse("2026-11-27T21:30:42.500Z");

    @Test
    void defaultsAreMinutesUpToNowFromSixtyIntervalsBefore() {
        StatsRange r = StatsRange.parse(null, null, null, NOW);
        assertEquals(Interval.MINUTE, r.interval());
        assertEquals(NOW, r.to());
        assertEquals(Instant.parse("2026-11-27T20:30:00Z"), r.from());
        assertEquals(61, r.points(), "20:30 ... 21:30, the minute under way included");
        StatsRange days = StatsRange.parse(null, "2026-11-27T00:00:00Z", "day", NOW);
        assertEquals(Instant.parse("2026-09-28T00:00:00Z"), days.from());
        assertEquals(60, days.points());
    }

    @Test
    void aRangeOfAThousandPointsIsAnsweredAndOneMoreIsRefused() {
        StatsRange r = StatsRange.parse("2026-11-01T00:00:00Z", "2026-11-01T16:40:00Z", "minute", NOW);
        assertEquals(1000, r.points());
        StatsRange.InvalidRange e = assertThrows(StatsRange.InvalidRange.class,
                () -> StatsRange.parse("2026-11-01T00:00:00Z", "2026-11-01T16:40:00.001Z", "minute", NOW));
        assertTrue(e.getMessage().contains("1001 minute points"), e.getMessage());
        assertThrows(StatsRange.InvalidRange.class, () -> StatsRange.parse("2020-01-01T00:00:00Z", null, "hour", NOW));
        assertEquals(1, StatsRange.parse("2000-01-01T00:00:00Z", "2000-01-01T00:00:00.001Z", "day", NOW).points());
    }

    @Test
    void anUnknownIntervalAnInstantThatIsNotIsoOrFromAfterToIsRefusedSayingWhich() {
        assertTrue(assertThrows(StatsRange.InvalidRange.class, () -> StatsRange.parse(null, null, "week", NOW))
                .getMessage().contains("minute, hour or day"));
        assertThrows(StatsRange.InvalidRange.class, () -> StatsRange.parse(null, null, "", NOW));
        assertThrows(StatsRange.InvalidRange.class, () -> StatsRange.parse(null, null, "MINUTE", NOW));
        assertTrue(assertThrows(StatsRange.InvalidRange.class, () -> StatsRange.parse("yesterday", null, null, NOW))
                .getMessage().startsWith("from must be an ISO-8601 instant"));
        assertThrows(StatsRange.InvalidRange.class, () -> StatsRange.parse(null, "2026-11-27", null, NOW));
        assertTrue(assertThrows(StatsRange.InvalidRange.class,
                () -> StatsRange.parse("2026-11-27T21:00:00Z", "2026-11-27T20:00:00Z", "minute", NOW))
                .getMessage().contains("is after to"));
        assertEquals(0, StatsRange.parse("2026-11-27T21:00:00Z", "2026-11-27T21:00:00Z", null, NOW).points());
    }
}
