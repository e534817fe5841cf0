package dev.presence.webhook.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void startsAtOneSecondAndDoublesUpToFiveMinutes() {
        List<Long> waits = new ArrayList<>();
        for (int failures = 1; failures <= 12; failures++) {
            waits.add(Backoff.millisAfter(failures) / 1000);
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 300L, 300L, 300L), waits);
        assertEquals(300_000, Backoff.millisAfter(Integer.MAX_VALUE));
        assertEquals(0, Backoff.millisAfter(0));
    }
}
