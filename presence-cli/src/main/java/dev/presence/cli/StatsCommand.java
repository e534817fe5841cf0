package dev.presence.cli;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"The service's figures over time, for the whole cluster (GET /api/admin/stats; presence-admin):",
                "users online (peak and average), unique users, connects, sign-in failures, sessions ended and their",
                "average length, and messages, per minute, hour or day; then one sparkline per figure."},
        footerHeading = "%nExamples:%n",
        footer = {"  presence stats                      # the last hour, per minute", "  presence stats --since 24h           # per hour",
                "  presence stats --since 30d --interval day --json"})
final class StatsCommand implements Callable<Integer> {

    /** The server answers at most this many points (PROTOCOL.md §5). */
    static final int MAX_POINTS = 1000;
    private static final int SPARK_WIDTH = 60;
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAYS = DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);
    private static final Map<String, ChronoUnit> UNITS = Map.of("minute", ChronoUnit.MINUTES, "hour", ChronoUnit.HOURS, "day", ChronoUnit.DAYS);
    /** The figures a sparkline is drawn for: field and label. */
    private static final String[][] SERIES = {{"peakOnline", "peak online"}, {"avgOnline", "avg online"},
            {"uniqueUsers", "unique users"}, {"connects", "connects"}, {"authFailures", "auth failures"},
            {"sessionsEnded", "sessions ended"}, {"avgSessionSeconds", "avg session s"}, {"messages", "messages"}};

    @Spec
    CommandSpec spec;
    @Mixin
    ServiceOptions service;
    @Mixin
    JsonOption output;
    @Option(names = "--since", defaultValue = "1h", converter = DurationConverter.class,
            description = "How far back: 90m, 24h, 30d (default ${DEFAULT-VALUE})")
    Duration since;
    @Option(names = "--interval", description = "minute, hour or day (default: minute up to 6h back, hour up to 14d, else day)")
    String interval;

    @Override
    public Integer call() {
        String wire = interval != null ? interval : since.compareTo(Duration.ofHours(6)) <= 0 ? "minute"
                : since.compareTo(Duration.ofDays(14)) <= 0 ? "hour" : "day";
        ChronoUnit unit = UNITS.get(wire);
        if (unit == null) {
            throw new ParameterException(spec.commandLine(), "--interval must be minute, hour or day; got " + interval);
        }
        Instant to = Instant.now();
        Instant from = to.minus(since).truncatedTo(unit);
        long points = Duration.between(from, to).toSeconds() / unit.getDuration().toSeconds() + 1;
        if (points > MAX_POINTS) {
            throw new ParameterException(spec.commandLine(), "--since " + spec.findOption("--since").originalStringValues()
                    .stream().findFirst().orElse(since.toString()) + " is " + points + " " + wire
                    + " points, more than the " + MAX_POINTS + " the service answers: give a longer --interval");
        }
        JsonObject reply = service.require("GET", "/api/admin/stats?interval=" + wire + "&from=" + query(from) + "&to=" + query(to), null);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json) {
            out.println(reply);
            out.flush();
            return ExitCode.OK;
        }
        List<JsonObject> got = reply.getJsonArray("points").getValuesAs(JsonObject.class);
        table(got, unit).print(out);
        out.println();
        sparklines(out, got, from, to, unit);
        out.flush();
        return ExitCode.OK;
    }

    private static String query(Instant t) {
        return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8);
    }

    private static Table table(List<JsonObject> points, ChronoUnit unit) {
        Table t = new Table("TIME (UTC)", "PEAK", "AVG", "UNIQUE", "CONNECTS", "AUTH FAILS", "ENDED", "AVG SESSION", "MESSAGES");
        DateTimeFormatter time = unit == ChronoUnit.DAYS ? DAYS : MINUTES;
        for (JsonObject p : points) {
            t.row(time.format(Instant.parse(p.getString("time"))), p.get("peakOnline"), text(p.get("avgOnline")),
                    p.get("uniqueUsers"), p.get("connects"), p.get("authFailures"), p.get("sessionsEnded"),
                    p.isNull("avgSessionSeconds") ? "-" : text(p.get("avgSessionSeconds")) + " s", p.get("messages"));
        }
        if (points.isEmpty()) {
            t.row("(nothing recorded in this range)", "", "", "", "", "", "", "", "");
        }
        return t;
    }

    private static String text(JsonValue v) {
        return v == null || v.getValueType() == JsonValue.ValueType.NULL ? "-" : v.toString();
    }

    /** One line per figure over every interval of the range, blank where nothing was recorded. */
    private static void sparklines(PrintWriter out, List<JsonObject> points, Instant from, Instant to, ChronoUnit unit) {
        Map<Instant, JsonObject> byTime = new HashMap<>();
        points.forEach(p -> byTime.put(Instant.parse(p.getString("time")), p));
        for (String[] s : SERIES) {
            List<Double> values = new ArrayList<>();
            double max = 0;
            for (Instant t = from; !t.isAfter(to); t = t.plus(1, unit)) {
                JsonObject p = byTime.get(t);
                Double v = p == null || p.isNull(s[0]) ? null : ((JsonNumber) p.get(s[0])).doubleValue();
                values.add(v);
                max = v == null ? max : Math.max(max, v);
            }
            out.printf("%-15s %s  max %s%n", s[1], Sparkline.of(values, SPARK_WIDTH),
                    max == Math.rint(max) ? Long.toString((long) max) : String.format("%.1f", max));
        }
    }
}
