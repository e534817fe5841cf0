package dev.presence.stats.control;

import dev.presence.stats.entity.Figures;
import dev.presence.stats.entity.Interval;
import dev.presence.stats.entity.StatsPoint;
import java.time.Instant;
import java.util.List;

/**
 * The cluster's figures, merged from what the nodes wrote: a minute from every node's document of that
 * minute, an hour from every node's minutes of that hour, a day from the cluster's hours of that day. Each
 * recomputes the whole interval from its parts and replaces the document, so running it twice, on two
 * nodes at once, or again after a node's late write only makes it more complete, never counts twice.
 */
public final class RollUp {

    private final StatsDocuments docs;

    public RollUp(StatsDocuments docs) {
        this.docs = docs;
    }

    public void minute(Instant minute) {
        Instant start = Interval.MINUTE.floor(minute);
        merged(docs.nodeMinutes(start, Interval.MINUTE.plus(start, 1)), start, Interval.MINUTE, false);
    }

    public void hour(Instant hour) {
        Instant start = Interval.HOUR.floor(hour);
        merged(docs.nodeMinutes(start, Interval.HOUR.plus(start, 1)), start, Interval.HOUR, true);
    }

    public void day(Instant day) {
        Instant start = Interval.DAY.floor(day);
        merged(docs.points(Interval.HOUR, start, Interval.DAY.plus(start, 1)), start, Interval.DAY, false);
    }

    private void merged(List<StatsPoint> parts, Instant start, Interval interval, boolean keepSketch) {
        if (parts.isEmpty()) {
            return; // nothing ran then: no document, rather than a document of zeros
        }
        Figures all = null;
        for (StatsPoint p : parts) {
            all = all == null ? p.figures() : all.merge(p.figures());
        }
        docs.save(interval, new StatsPoint(start, all), keepSketch);
    }
}
