package dev.presence.cli.simulate;

import dev.presence.cli.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code presence simulate restart}: a node stopped and started under held users and watchers (see {@link RestartScenario}). */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = "Holds users and watchers, stops the first --url's node (SIGTERM, or SIGKILL with --kill) and starts it"
                + " again; times every user's return, counts failed attempts, missed changes and ghosts.")
final class RestartCommand extends ScenarioCommand {

    @Option(names = "--watchers", defaultValue = "100", description = "Watchers of the held users (default ${DEFAULT-VALUE})")
    int watchers;
    @Option(names = "--settle", defaultValue = "10s", converter = DurationConverter.class,
            description = "Wait after every session is back before the ghost check (default ${DEFAULT-VALUE})")
    Duration settle;
    @Option(names = "--kill", description = "SIGKILL the server process instead of a graceful stop (SIGTERM)")
    boolean kill;
    @Option(names = "--restart-command", paramLabel = "CMD", description = "With --server-pid, the node is not"
            + " started by this command; CMD (run with sh -c) starts it again after the stop. Without --server-pid, restart"
            + " runs presence serve --port (of the first --url) --data-dir itself")
    String restartCommand;
    @Option(names = "--restart-timeout", defaultValue = "120s", converter = DurationConverter.class,
            description = "How long to wait for every session to be back (default ${DEFAULT-VALUE})")
    Duration restartTimeout;
    @Option(names = "--attempt-timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "A connect+auth attempt not done within this is given up and retried (default ${DEFAULT-VALUE})")
    Duration attemptTimeout;

    private RestartNode node;

    /** The node (started first when this command owns it: serve makes the development key the tokens need). */
    @Override
    public Integer call() throws Exception {
        if ((load.serverPid > 0) != (restartCommand != null)) {
            throw load.usage("restart: give --server-pid and --restart-command together (a node"
                    + " started elsewhere), or neither (restart runs presence serve itself)");
        }
        if (load.serverPid <= 0 && load.url.contains(",")) {
            throw load.usage("restart in a cluster: give --server-pid (the first --url's server) and --restart-command");
        }
        String first = load.url.split(",")[0].trim();
        try (RestartNode node = load.serverPid > 0 ? RestartNode.external(first, load.serverPid, restartCommand)
                : RestartNode.owned(first, load.data.dataDir())) {
            this.node = node;
            if (node.owned()) {
                load.err().println("restart: starting presence serve (its output in " + node.log() + ")");
                load.err().flush();
                node.start();
                if (node.awaitReady(Duration.ofSeconds(180)) < 0) {
                    throw new IllegalStateException("the node did not become ready; see " + node.log());
                }
            }
            return drive(0); // no RSS on the progress line: the server it would follow is stopped mid-run
        }
    }

    @Override
    Report run(Driver d) throws Exception {
        return new RestartScenario(d, load.url, new RestartScenario.Options(load.prefix, load.sessions, load.rate, watchers,
                kill, restartTimeout, settle, attemptTimeout, load.seed), node).run();
    }
}
