package dev.presence.cli.simulate;

import java.util.Arrays;

/** Latency samples in milliseconds; thread-safe appends, percentiles on demand. */
public final class Latencies {

    private double[] samples = new double[1024];
    private int n;

    public synchronized void add(double millis) {
        if (n == samples.length) {
            samples = Arrays.copyOf(samples, n * 2);
        }
        samples[n++] = millis;
    }

    public synchronized int count() {
        return n;
    }

    /** The samples as comma-separated text, for a worker's report to its parent. */
    public synchronized String csv() {
        StringBuilder b = new StringBuilder(n * 6);
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append(Math.round(samples[i] * 100) / 100.0);
        }
        return b.toString();
    }

    public static void parseCsv(String csv, Latencies into) {
        for (String v : csv.split(",")) {
            if (!v.isEmpty()) {
                into.add(Double.parseDouble(v));
            }
        }
    }

    /** Samples over {@code millis}. */
    public synchronized long countOver(double millis) {
        long over = 0;
        for (int i = 0; i < n; i++) {
            over += samples[i] > millis ? 1 : 0;
        }
        return over;
    }

    /** {count, p50, p95, p99, max} in ms; zeros when empty. */
    public synchronized double[] summary() {
        if (n == 0) {
            return new double[5];
        }
        double[] s = Arrays.copyOf(samples, n);
        Arrays.sort(s);
        return new double[] {n, pick(s, 0.50), pick(s, 0.95), pick(s, 0.99), s[n - 1]};
    }

    private static double pick(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
