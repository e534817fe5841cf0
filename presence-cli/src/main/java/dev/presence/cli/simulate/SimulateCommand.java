package dev.presence.cli.simulate;

import dev.presence.auth.control.PublicKeys;
import dev.presence.auth.control.TokenSigner;
import dev.presence.cli.DurationConverter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code presence simulate SCENARIO}: scripted load of real users over the WebSocket protocol, and the
 * project's own benchmark driver. A live progress line goes to stderr; the figures go to stdout.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Scripted load over the WebSocket protocol: hold, fanout, room, churn, mixed, failover, abuse or restart.",
        footerHeading = "%nExamples:%n",
        footer = {"  presence simulate hold --sessions 19000 --rate 1000 --hold 60s --workers 2 --local-addrs 2 --server-pid PID",
                "  presence simulate fanout --watchers 1000 --rounds 10 --idle 17000",
                "  presence simulate room --members 1000 --messages 2000 --msg-rate 100",
                "  presence simulate churn --sessions 1000 --interval 10s --duration 10m --json",
                "  presence simulate mixed --users 300 --duration 60s --actions 50 --seed 7",
                "  presence simulate failover --sessions 5000 --url http://localhost:8082 --target-url http://localhost:8080 --server-pid PID",
                "  presence simulate abuse --duration 60s --server-pid PID",
                "  presence simulate restart --url http://127.0.0.1:19500 --data-dir /tmp/rs --sessions 2000 --rate 400 --kill"})
public final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SCENARIO", description = "hold, fanout, room, churn, mixed, failover, abuse or restart")
    String scenario;

    @Option(names = "--url", defaultValue = "http://localhost:8080",
            description = "The service; several nodes' URLs separated by commas get the sessions in turn (default ${DEFAULT-VALUE})")
    String url;
    @Option(names = "--target-url", description = "fanout: the node the watched user connects to (default: the first --url)")
    String targetUrl;
    @Option(names = "--key", description = "PKCS#8 PEM private key to mint tokens (default: the development key in --data-dir)")
    Path key;
    @Option(names = "--issuer", defaultValue = "presence-dev", description = "Token issuer (default ${DEFAULT-VALUE})")
    String issuer;
    @Option(names = "--data-dir", defaultValue = "./data", description = "Data dir of presence serve (default ${DEFAULT-VALUE})")
    Path dataDir;
    @Option(names = "--sessions", defaultValue = "1000", description = "hold, churn, restart: sessions (default ${DEFAULT-VALUE})")
    int sessions;
    @Option(names = "--idle", defaultValue = "0", description = "fanout: idle sessions held beside the watchers (default ${DEFAULT-VALUE})")
    int idle;
    @Option(names = "--rate", defaultValue = "500", description = "Connects per second (default ${DEFAULT-VALUE})")
    int rate;
    @Option(names = "--hold", defaultValue = "30s", converter = DurationConverter.class, description = "hold: how long to hold (default ${DEFAULT-VALUE})")
    Duration hold;
    @Option(names = "--watchers", defaultValue = "100", description = "fanout, restart: watchers (default ${DEFAULT-VALUE})")
    int watchers;
    @Option(names = "--rounds", defaultValue = "10", description = "fanout: online/status/offline rounds (default ${DEFAULT-VALUE})")
    int rounds;
    @Option(names = "--members", defaultValue = "100", description = "room: members (default ${DEFAULT-VALUE})")
    int members;
    @Option(names = "--messages", defaultValue = "1000", description = "room: messages (default ${DEFAULT-VALUE})")
    int messages;
    @Option(names = "--msg-rate", defaultValue = "100", description = "room: messages per second (default ${DEFAULT-VALUE})")
    int msgRate;
    @Option(names = "--interval", defaultValue = "10s", converter = DurationConverter.class, description = "churn: reconnect interval (default ${DEFAULT-VALUE})")
    Duration interval;
    @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class, description = "churn, mixed: how long (default ${DEFAULT-VALUE})")
    Duration duration;
    @Option(names = "--users", defaultValue = "100", description = "mixed: users, each with 1-3 tabs (default ${DEFAULT-VALUE})")
    int users;
    @Option(names = "--actions", defaultValue = "50", description = "mixed: actions per second (default ${DEFAULT-VALUE})")
    int actions;
    @Option(names = "--seed", defaultValue = "1", description = "Random seed of the schedule (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--prefix", defaultValue = "sim", description = "userId prefix, so runs do not collide (default ${DEFAULT-VALUE})")
    String prefix;
    @Option(names = "--workers", defaultValue = "1", description = "hold: driver processes, each under the open-file cap (default ${DEFAULT-VALUE})")
    int workers;
    @Option(names = "--local-addrs", defaultValue = "0", description = "Source addresses 127.0.0.2 and up, past ~28,000 connections (default: none)")
    int localAddrs;
    @Option(names = "--server-pid", defaultValue = "0", description = "The server's pid, to report its RSS and bytes per session; failover: the server process to SIGKILL")
    long serverPid;
    @Option(names = "--stalled", defaultValue = "30", description = "abuse: sessions that stop reading and ask for 88 KB snapshots (default ${DEFAULT-VALUE})")
    int stalled;
    @Option(names = "--repeaters", defaultValue = "30", description = "abuse: sessions repeating large requests (default ${DEFAULT-VALUE})")
    int repeaters;
    @Option(names = "--flooders", defaultValue = "20", description = "abuse: sessions sending 4,000-character messages with fresh ids (default ${DEFAULT-VALUE})")
    int flooders;
    @Option(names = "--preauth", defaultValue = "2000", description = "abuse: connections kept open that never authenticate (default ${DEFAULT-VALUE})")
    int preauth;
    @Option(names = "--preauth-rate", defaultValue = "100", description = "abuse: connections that never authenticate opened per second at most (default ${DEFAULT-VALUE})")
    int preauthRate;
    @Option(names = "--passers", defaultValue = "0", description = "abuse: fresh users connecting and leaving per second, with 1,000 fresh ids read over REST per second, to take many distinct users through a node (default ${DEFAULT-VALUE})")
    int passers;
    @Option(names = "--settle", defaultValue = "10s", converter = DurationConverter.class, description = "abuse: wait after the abusers leave before the last heap reading; restart: wait after every session is back before the ghost check (default ${DEFAULT-VALUE})")
    Duration settle;
    @Option(names = "--kill", description = "restart: SIGKILL the server process instead of a graceful stop (SIGTERM)")
    boolean kill;
    @Option(names = "--restart-command", paramLabel = "CMD", description = "restart: with --server-pid, the node is not"
            + " started by this command; CMD (run with sh -c) starts it again after the stop. Without --server-pid, restart"
            + " runs presence serve --port (of the first --url) --data-dir itself")
    String restartCommand;
    @Option(names = "--restart-timeout", defaultValue = "120s", converter = DurationConverter.class,
            description = "restart: how long to wait for every session to be back (default ${DEFAULT-VALUE})")
    Duration restartTimeout;
    @Option(names = "--attempt-timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "restart: a connect+auth attempt not done within this is given up and retried (default ${DEFAULT-VALUE})")
    Duration attemptTimeout;
    @Option(names = "--json", description = "Print the figures as one JSON object")
    boolean json;
    @Option(names = "--worker-index", hidden = true, defaultValue = "-1")
    int workerIndex;

    @Override
    public Integer call() throws Exception {
        if (!List.of("hold", "fanout", "room", "churn", "mixed", "failover", "abuse", "restart").contains(scenario)) {
            throw new ParameterException(spec.commandLine(), "SCENARIO must be hold, fanout, room, churn, mixed, failover, abuse or restart");
        }
        if (scenario.equals("restart") && (serverPid > 0) != (restartCommand != null)) {
            throw new ParameterException(spec.commandLine(), "restart: give --server-pid and --restart-command together (a node"
                    + " started elsewhere), or neither (restart runs presence serve itself)");
        }
        if (scenario.equals("restart") && serverPid <= 0 && url.contains(",")) {
            throw new ParameterException(spec.commandLine(), "restart in a cluster: give --server-pid (the first --url's server)"
                    + " and --restart-command");
        }
        if (scenario.equals("failover") && (serverPid <= 0 || targetUrl == null)) {
            throw new ParameterException(spec.commandLine(), "failover needs --server-pid (the node to kill) and --target-url (where the watchers are)");
        }
        if (workers > 1 && workerIndex < 0) {
            if (!scenario.equals("hold")) {
                throw new ParameterException(spec.commandLine(), "--workers applies to hold only");
            }
            return spreadOverWorkers();
        }
        if (scenario.equals("restart")) {
            return restart();
        }
        TokenSigner signer = signer();
        PrintWriter progress = spec.commandLine().getErr();
        int share = workerIndex < 0 ? sessions : sessions / workers + (workerIndex < sessions % workers ? 1 : 0);
        int first = workerIndex < 0 ? 0 : workerIndex * (sessions / workers) + Math.min(workerIndex, sessions % workers);
        int addrs = workerIndex < 0 ? localAddrs : (localAddrs > 0 ? 1 : 0);
        Report report;
        try (Driver d = new Driver(url, signer, addrs, serverPid, workerIndex < 0 ? progress : new PrintWriter(PrintWriter.nullWriter()))) {
            if (targetUrl != null) {
                d.target = Driver.webSocket(targetUrl);
            }
            if (workerIndex >= 0 && localAddrs > 0) {
                d.useAddressIndex(workerIndex % localAddrs);
            }
            report = switch (scenario) {
                case "hold" -> Scenarios.hold(d, prefix, first, share, workerIndex < 0 ? rate : Math.max(1, rate / workers), hold);
                case "fanout" -> Scenarios.fanout(d, prefix, watchers, rounds, idle, rate);
                case "room" -> Scenarios.room(d, prefix, members, messages, msgRate, rate);
                case "churn" -> Scenarios.churn(d, prefix, sessions, interval, duration, seed);
                case "failover" -> Scenarios.failover(d, prefix, sessions, serverPid, rate);
                case "abuse" -> new AbuseScenario(d, url, prefix, new AbuseScenario.Load(stalled, repeaters, flooders, preauth,
                        preauthRate, passers, duration, settle), new ServerProbe(serverPid)).run();
                default -> Scenarios.mixed(d, prefix, users, duration, actions, seed, rate);
            };
            report.print(spec.commandLine().getOut(), json || workerIndex >= 0);
            if (workerIndex >= 0) {
                spec.commandLine().getOut().println("samples:" + d.connect.csv());
                spec.commandLine().getOut().flush();
            }
        }
        return dev.presence.cli.ExitCode.OK;
    }

    /** The node (started first when this command owns it: serve makes the development key the tokens need). */
    private int restart() throws Exception {
        String first = url.split(",")[0].trim();
        try (RestartNode node = serverPid > 0 ? RestartNode.external(first, serverPid, restartCommand) : RestartNode.owned(first, dataDir)) {
            if (node.owned()) {
                spec.commandLine().getErr().println("restart: starting presence serve (its output in " + node.log() + ")");
                spec.commandLine().getErr().flush();
                node.start();
                if (node.awaitReady(Duration.ofSeconds(180)) < 0) {
                    throw new IllegalStateException("the node did not become ready; see " + node.log());
                }
            }
            try (Driver d = new Driver(url, signer(), localAddrs, 0, spec.commandLine().getErr())) {
                new RestartScenario(d, url, new RestartScenario.Options(prefix, sessions, rate, watchers, kill, restartTimeout,
                        settle, attemptTimeout, seed), node).run().print(spec.commandLine().getOut(), json);
            }
        }
        return dev.presence.cli.ExitCode.OK;
    }

    private TokenSigner signer() throws Exception {
        Path k = key != null ? key : dataDir.resolve("dev-keys").resolve("private.pem");
        if (!Files.isRegularFile(k)) {
            throw new ParameterException(spec.commandLine(), "no key to mint tokens: give --key and --issuer, or --data-dir of presence serve");
        }
        return new TokenSigner(PublicKeys.readPrivateKey(k), issuer);
    }

    /** Runs {@code hold} in N child processes and adds their figures up. */
    private int spreadOverWorkers() throws Exception {
        List<String> base = new ArrayList<>();
        base.add(ProcessHandle.current().info().command().orElse("java"));
        base.add("-cp");
        base.add(System.getProperty("java.class.path"));
        base.add("dev.presence.cli.PresenceCommand");
        base.addAll(spec.commandLine().getParseResult().originalArgs());
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
        long rssBefore = new Driver(url, null, 0, serverPid, new PrintWriter(PrintWriter.nullWriter())).closeAfter(Driver::serverRss);
        for (Process p : children) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("samples:")) {
                        Latencies.parseCsv(line.substring(8), connect);
                    } else if (line.startsWith("{")) {
                        established += number(line, "sessions_established");
                        failed += number(line, "sessions_failed");
                        rssHeld = Math.max(rssHeld, number(line, "server_rss_held_mb"));
                    }
                }
            }
            if (p.waitFor() != 0) {
                throw new IllegalStateException("a worker failed with exit code " + p.exitValue() + " (its messages are above)");
            }
        }
        Report report = new Report().put("scenario", "hold").put("workers", workers).put("sessions_requested", sessions)
                .put("sessions_established", established).put("sessions_failed", failed).latencies("connect_auth", connect);
        if (rssBefore > 0 && rssHeld > 0) {
            report.put("server_rss_before_mb", rssBefore / 1048576).put("server_rss_held_mb", rssHeld)
                    .put("bytes_per_session", established == 0 ? 0 : (rssHeld * 1048576 - rssBefore) / established);
        }
        report.print(spec.commandLine().getOut(), json);
        return dev.presence.cli.ExitCode.OK;
    }

    private static long number(String json, String name) {
        int i = json.indexOf("\"" + name + "\":");
        if (i < 0) {
            return 0;
        }
        String rest = json.substring(i + name.length() + 3);
        int end = 0;
        while (end < rest.length() && (Character.isDigit(rest.charAt(end)) || rest.charAt(end) == '-')) {
            end++;
        }
        return end == 0 ? 0 : Long.parseLong(rest.substring(0, end));
    }
}
