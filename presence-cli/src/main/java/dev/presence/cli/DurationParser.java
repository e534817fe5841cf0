package dev.presence.cli;

import java.time.Duration;
import picocli.CommandLine.TypeConversionException;

/** Parses durations as operators write them: {@code 90s}, {@code 15m}, {@code 1h}, {@code 30d}. */
public final class DurationParser {

    private DurationParser() {
    }

    public static Duration parse(String value) {
        String v = value.trim().toLowerCase();
        long n;
        try {
            n = Long.parseLong(v.substring(0, Math.max(0, v.length() - 1)));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("expected a number and a unit (s, m, h, d), e.g. 30d; got " + value);
        }
        if (n <= 0) {
            throw new TypeConversionException("the duration must be positive; got " + value);
        }
        return switch (v.charAt(v.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> throw new TypeConversionException("unknown unit in " + value + ": use s, m, h or d");
        };
    }
}
