package dev.presence.cli.simulate;

import dev.presence.json.JsonText;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** The final figures of a run: a two-column table for people, one JSON object with {@code --json}. */
final class Report {

    private final Map<String, Object> figures = new LinkedHashMap<>();

    Report put(String name, Object value) {
        figures.put(name, value);
        return this;
    }

    Report latencies(String name, Latencies l) {
        double[] s = l.summary();
        figures.put(name + "_count", (long) s[0]);
        figures.put(name + "_p50_ms", round(s[1]));
        figures.put(name + "_p95_ms", round(s[2]));
        figures.put(name + "_p99_ms", round(s[3]));
        figures.put(name + "_max_ms", round(s[4]));
        return this;
    }

    Object get(String name) {
        return figures.get(name);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    void print(PrintWriter out, boolean json) {
        if (json) {
            JsonText j = new JsonText().beginObject();
            figures.forEach((k, v) -> {
                if (v instanceof Number n) {
                    j.name(k).raw(n instanceof Double d ? Double.toString(d) : Long.toString(n.longValue()));
                } else {
                    j.member(k, String.valueOf(v));
                }
            });
            out.println(j.endObject());
        } else {
            int w = figures.keySet().stream().mapToInt(String::length).max().orElse(10);
            figures.forEach((k, v) -> out.printf("%-" + w + "s  %s%n", k, v));
        }
        out.flush();
    }
}
