package dev.presence.cli.simulate;

import dev.presence.cli.DurationConverter;
import dev.presence.cli.ExitCode;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code presence simulate hold}: N sessions opened at a rate, heartbeating, held, then closed; with
 * {@code --workers}, spread over child processes whose figures are added up.
 */
@Command(name = "hold", mixinStandardHelpOptions = true,
        description = "N sessions opened at a rate, heartbeating, held, then closed (with --server-pid: the server's RSS per session).")
final class HoldCommand extends ScenarioCommand {

    @Option(names = "--hold", defaultValue = "30s", converter = DurationConverter.class, description = "How long to hold (default ${DEFAULT-VALUE})")
    Duration hold;
    @Option(names = "--workers", defaultValue = "1", description = "Driver processes, each under the open-file cap (default ${DEFAULT-VALUE})")
    int workers;
    @Option(names = "--worker-index", hidden = true, defaultValue = "-1")
    int workerIndex;

    @Override
    public Integer call() throws Exception {
        if (workerIndex >= 0) {
            return runAsWorker();
        }
        if (workers > 1) {
            return spreadOverWorkers();
        }
        return super.call();
    }

    @Override
    Report run(Driver d) throws InterruptedException {
        return hold(d, 0, load.sessions, load.rate);
    }

    private Report hold(Driver d, int first, int sessions, int rate) throws InterruptedException {
        long rssBefore = d.serverRss();
        d.phase("ramp");
        List<LoadClient> open = d.open(Driver.users(load.prefix, first, sessions), rate, (c, f) -> d.events.incrementAndGet());
        d.phase("hold");
        TimeUnit.MILLISECONDS.sleep(hold.toMillis());
        long rssHeld = d.serverRss();
        d.phase("closing");
        Driver.closeAll(open);
        Report r = new Report().put("scenario", "hold").put("sessions_requested", sessions)
                .put("sessions_established", d.up.get()).put("sessions_failed", d.failed.get())
                .latencies("connect_auth", d.connect);
        if (rssBefore > 0) {
            r.put("server_rss_before_mb", rssHeld < 0 ? -1 : rssBefore / 1048576)
                    .put("server_rss_held_mb", rssHeld / 1048576)
                    .put("bytes_per_session", d.up.get() == 0 ? 0 : (rssHeld - rssBefore) / d.up.get());
        }
        return r;
    }

    /** Worker i of N: its share of the sessions, from one source address; prints its figures and connect samples. */
    private int runAsWorker() throws Exception {
        int sessions = load.sessions;
        int share = sessions / workers + (workerIndex < sessions % workers ? 1 : 0);
        int first = workerIndex * (sessions / workers) + Math.min(workerIndex, sessions % workers);
        PrintWriter out = load.out();
        try (Driver d = new Driver(load.url, load.signer(), load.localAddrs > 0 ? 1 : 0, load.serverPid,
                new PrintWriter(PrintWriter.nullWriter()))) {
            if (load.localAddrs > 0) {
                d.useAddressIndex(workerIndex % load.localAddrs);
            }
            hold(d, first, share, Math.max(1, load.rate / workers)).print(out, true);
            out.println("samples:" + d.connect.csv());
            out.flush();
        }
        return ExitCode.OK;
    }

    /** Runs hold in N child processes (this command line with {@code --worker-index i}) and adds their figures up. */
    private int spreadOverWorkers() throws Exception {
        List<String> base = new ArrayList<>();
        base.add(ProcessHandle.current().info().command().orElse("java"));
        base.add("-cp");
        base.add(System.getProperty("java.class.path"));
        base.add("dev.presence.cli.PresenceCommand");
        base.addAll(load.spec.commandLine().getParseResult().originalArgs());
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            List<String> cmd = new ArrayList<>(base);
            cmd.addAll(List.of("--worker-index", Integer.toString(i)));
            children.add(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        long established = 0;
        long failed = 0;
        long rssHeld = -1;
        Latencies connect = new Latencies();
        long rssBefore = Driver.serverRss(load.serverPid);
        for (Process p : children) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("samples:")) {
                        Latencies.parseCsv(line.substring(8), connect);
                    } else if (line.startsWith("{")) {
                        JsonObject figures = Json.createReader(new StringReader(line)).readObject();
                        established += number(figures, "sessions_established");
                        failed += number(figures, "sessions_failed");
                        rssHeld = Math.max(rssHeld, number(figures, "server_rss_held_mb"));
                    }
                }
            }
            if (p.waitFor() != 0) {
                throw new IllegalStateException("a worker failed with exit code " + p.exitValue() + " (its messages are above)");
            }
        }
        Report report = new Report().put("scenario", "hold").put("workers", workers).put("sessions_requested", load.sessions)
                .put("sessions_established", established).put("sessions_failed", failed).latencies("connect_auth", connect);
        if (rssBefore > 0 && rssHeld > 0) {
            report.put("server_rss_before_mb", rssBefore / 1048576).put("server_rss_held_mb", rssHeld)
                    .put("bytes_per_session", established == 0 ? 0 : (rssHeld * 1048576 - rssBefore) / established);
        }
        load.print(report);
        return ExitCode.OK;
    }

    private static long number(JsonObject figures, String name) {
        JsonNumber n = figures.getJsonNumber(name);
        return n == null ? 0 : n.longValue();
    }
}
