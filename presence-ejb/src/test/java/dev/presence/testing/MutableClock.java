package dev.presence.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test (or benchmark) moves by hand. */
public final class MutableClock extends Clock {
    /** Volatile: a benchmark's threads read what its setup moved. */
    private volatile Instant now = Instant.parse("2026-11-27T21:30:00.000Z");

    public void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
