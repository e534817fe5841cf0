package dev.presence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SparklineTest {

    @Test
    void eachValueIsABarScaledToTheMaximumAndAGapIsBlank() {
        assertEquals("▁▅█ ▁", Sparkline.of(Arrays.asList(0.0, 5.0, 10.0, null, 0.0), 60));
        assertEquals("▁▁", Sparkline.of(List.of(0.0, 0.0), 60), "all zero: the lowest bar");
    }

    @Test
    void aLongSeriesFitsTheWidthWithTheHighestValueOfEachColumn() {
        List<Double> hours = new ArrayList<>();
        for (int i = 0; i < 168; i++) {
            hours.add(i == 100 ? 50.0 : 1.0);
        }
        String line = Sparkline.of(hours, 60);
        assertEquals(60, line.length());
        assertEquals(1, line.chars().filter(c -> c == '█').count(), "the peak survives the squeeze: " + line);
    }
}
