package dev.presence.store.entity;

import jakarta.nosql.AttributeConverter;
import java.time.Instant;
import java.util.Date;

/** Stores instants as BSON dates (JNoSQL's default is a string), so range queries and the driver agree. */
public final class InstantAsDate implements AttributeConverter<Instant, Date> {

    @Override
    public Date convertToDatabaseColumn(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    @Override
    public Instant convertToEntityAttribute(Date date) {
        return date == null ? null : date.toInstant();
    }
}
