package dev.presence.cli;

import java.util.List;

/**
 * A series as one line of block characters, for a terminal: each column the highest value of the points
 * it covers, scaled to the series' own maximum; a blank where nothing was recorded.
 */
final class Sparkline {

    private static final char[] BARS = "▁▂▃▄▅▆▇█".toCharArray();

    private Sparkline() {
    }

    /** @param values one per interval, oldest first; null where no figure was recorded */
    static String of(List<Double> values, int maxWidth) {
        int width = Math.min(values.size(), maxWidth);
        double max = 0;
        for (Double v : values) {
            if (v != null) {
                max = Math.max(max, v);
            }
        }
        StringBuilder line = new StringBuilder(width);
        for (int c = 0; c < width; c++) {
            int from = (int) ((long) c * values.size() / width);
            int to = (int) ((long) (c + 1) * values.size() / width);
            Double top = null;
            for (int i = from; i < to; i++) {
                Double v = values.get(i);
                if (v != null && (top == null || v > top)) {
                    top = v;
                }
            }
            line.append(top == null ? ' ' : BARS[max == 0 ? 0 : (int) Math.round(top / max * (BARS.length - 1))]);
        }
        return line.toString();
    }
}
