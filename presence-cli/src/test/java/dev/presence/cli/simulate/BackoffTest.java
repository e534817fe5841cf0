package dev.presence.cli.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The Java schedule is presence-js/src/backoff.js's: the same vectors as presence-js/test/backoff.test.js. */
class BackoffTest {

    @Test
    void theWindowDoublesFromOneSecondUpToThirtySeconds() {
        List<Long> caps = IntStream.of(1, 2, 3, 4, 5, 6, 7, 20).mapToObj(n -> Backoff.delayMillis(n, 0.999999) + 1).toList();
        assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L), caps);
        assertEquals(30000, Backoff.windowMillis(1000, 1000, 30000), "the exponent is bounded as in JS: no overflow");
        assertEquals(1000, Backoff.windowMillis(0, 1000, 30000), "attempt 0 or less counts as the first");
        assertEquals(1000, Backoff.windowMillis(-3, 1000, 30000));
    }

    @Test
    void fullJitterFromZeroToTheCapTheFirstDelayIncluded() {
        assertEquals(0, Backoff.delayMillis(1, 0.0));
        assertEquals(2000, Backoff.delayMillis(3, 0.5));
        assertEquals(49, Backoff.delayMillis(4, 0.999999, 10, 50));
        assertEquals(19, Backoff.delayMillis(2, 0.999999, 10, 50));
        SplittableRandom random = new SplittableRandom(7);
        int[] quarters = new int[4];
        for (int i = 0; i < 2000; i++) {
            long d = Backoff.delayMillis(1, random.nextDouble());
            assertTrue(d >= 0 && d < 1000, "delay " + d);
            quarters[(int) (d / 250)]++;
        }
        for (int q : quarters) {
            assertTrue(q > 350 && q < 650, "a quarter of the first window got " + q + " of 2000");
        }
    }
}
