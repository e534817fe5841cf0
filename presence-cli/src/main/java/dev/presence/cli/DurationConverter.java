package dev.presence.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** Durations as operators write them: {@code 90s}, {@code 15m}, {@code 1h}, {@code 30d}. */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return DurationParser.parse(value);
    }
}
