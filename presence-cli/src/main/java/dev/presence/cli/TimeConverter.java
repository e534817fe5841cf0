package dev.presence.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A moment as operators write it: an ISO-8601 instant ({@code 2026-11-27T21:30:00Z}) or a duration ago ({@code 2h}). */
final class TimeConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
        String v = value.trim();
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return Instant.now().minus(DurationParser.parse(v));
            } catch (TypeConversionException notADuration) {
                throw new TypeConversionException("expected an ISO-8601 instant (2026-11-27T21:30:00Z) or a duration"
                        + " back from now (90m, 2h, 1d); got " + value);
            }
        }
    }
}
