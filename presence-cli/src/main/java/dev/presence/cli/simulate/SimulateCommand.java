package dev.presence.cli.simulate;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code presence simulate SCENARIO}: scripted load of real users over the WebSocket protocol, and the
 * project's own benchmark driver. Each scenario is a subcommand with its own options beside the shared ones
 * ({@link LoadOptions}). A live progress line goes to stderr; the figures go to stdout.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Scripted load over the WebSocket protocol: " + SimulateCommand.SCENARIOS + ".",
        synopsisSubcommandLabel = "SCENARIO", commandListHeading = "%nScenarios:%n",
        subcommands = {HoldCommand.class, FanoutCommand.class, RoomCommand.class, ChurnCommand.class, MixedCommand.class,
                FailoverCommand.class, AbuseCommand.class, RestartCommand.class},
        footerHeading = "%nExamples (presence simulate SCENARIO --help for a scenario's options):%n",
        footer = {"  presence simulate hold --sessions 19000 --rate 1000 --hold 60s --workers 2 --local-addrs 2 --server-pid PID",
                "  presence simulate fanout --watchers 1000 --rounds 10 --idle 17000",
                "  presence simulate room --members 1000 --messages 2000 --msg-rate 100",
                "  presence simulate churn --sessions 1000 --interval 10s --duration 10m --json",
                "  presence simulate mixed --users 300 --duration 60s --actions 50 --seed 7",
                "  presence simulate failover --sessions 5000 --url http://localhost:8082 --target-url http://localhost:8080 --server-pid PID",
                "  presence simulate abuse --duration 60s --server-pid PID",
                "  presence simulate restart --url http://127.0.0.1:19500 --data-dir /tmp/rs --sessions 2000 --rate 400 --kill"})
public final class SimulateCommand implements Runnable {

    static final String SCENARIOS = "hold, fanout, room, churn, mixed, failover, abuse or restart";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a scenario: " + SCENARIOS);
    }
}
