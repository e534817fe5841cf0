package dev.presence.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeWatchTest {

    private final NodeWatch watch = new NodeWatch(15_000);
    private final Instant renewedA = Instant.ofEpochMilli(1_000);
    private final Instant renewedB = Instant.ofEpochMilli(2_000);

    @Test
    void aNodeWhoseLeaseStopsBeingLiveIsSweptAtOnceThenEveryFiveSecondsForOneLease() {
        assertEquals(Map.of(), watch.sweepsDue(Map.of("a", renewedA, "b", renewedB), 0));
        assertEquals(Map.of(), watch.sweepsDue(Map.of("a", renewedA, "b", renewedB), 1_000));
        assertEquals(Map.of("a", renewedA), watch.sweepsDue(Map.of("b", renewedB), 2_000));
        assertEquals(Map.of(), watch.sweepsDue(Map.of("b", renewedB), 3_000));
        assertEquals(Map.of("a", renewedA), watch.sweepsDue(Map.of("b", renewedB), 7_000));
        assertEquals(Map.of("a", renewedA), watch.sweepsDue(Map.of("b", renewedB), 12_000));
        assertEquals(Map.of("a", renewedA), watch.sweepsDue(Map.of("b", renewedB), 17_000));
        assertEquals(Map.of(), watch.sweepsDue(Map.of("b", renewedB), 23_000));
        assertEquals(Map.of(), watch.sweepsDue(Map.of("b", renewedB), 60_000));
    }

    @Test
    void aNodeNeverSeenLiveIsNotReportedAndANewNodeIsNotDead() {
        assertEquals(Map.of(), watch.sweepsDue(Map.of("b", renewedB), 0));
        assertEquals(Map.of(), watch.sweepsDue(Map.of("b", renewedB, "c", renewedA), 1_000));
        assertEquals(Map.of("b", renewedB, "c", renewedA), watch.sweepsDue(Map.of(), 2_000));
    }
}
