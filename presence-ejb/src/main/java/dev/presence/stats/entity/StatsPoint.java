package dev.presence.stats.entity;

import java.time.Instant;

/** The figures of the interval starting at {@code time}. */
public record StatsPoint(Instant time, Figures figures) {
}
