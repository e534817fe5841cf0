package dev.presence.cli.simulate;

import dev.presence.cli.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** A scenario's subcommand: the shared options, and a run on a driver whose figures are printed. */
abstract class ScenarioCommand implements Callable<Integer> {

    @Mixin
    LoadOptions load;

    /** The scenario on a driver over {@code --url}: returns its figures. */
    abstract Report run(Driver d) throws Exception;

    @Override
    public Integer call() throws Exception {
        return drive(load.serverPid);
    }

    /**
     * Runs the scenario with its progress line on stderr (with the RSS of {@code serverPid}, when above 0), and
     * prints its figures on stdout.
     */
    int drive(long serverPid) throws Exception {
        try (Driver d = new Driver(load.url, load.signer(), load.localAddrs, serverPid, load.err())) {
            load.print(run(d));
        }
        return ExitCode.OK;
    }
}
