package dev.presence.cli.simulate;

import dev.presence.cli.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code presence simulate abuse}: hostile and broken clients beside an honest pair (see {@link AbuseScenario}). */
@Command(name = "abuse", mixinStandardHelpOptions = true,
        description = "Stalled readers, repeaters, flooders and connections that never authenticate, beside one honest pair,"
                + " for --duration; with --server-pid, the server's live heap before and after.")
final class AbuseCommand extends ScenarioCommand {

    @Option(names = "--stalled", defaultValue = "30", description = "Sessions that stop reading and ask for 88 KB snapshots (default ${DEFAULT-VALUE})")
    int stalled;
    @Option(names = "--repeaters", defaultValue = "30", description = "Sessions repeating large requests (default ${DEFAULT-VALUE})")
    int repeaters;
    @Option(names = "--flooders", defaultValue = "20", description = "Sessions sending 4,000-character messages with fresh ids (default ${DEFAULT-VALUE})")
    int flooders;
    @Option(names = "--preauth", defaultValue = "2000", description = "Connections kept open that never authenticate (default ${DEFAULT-VALUE})")
    int preauth;
    @Option(names = "--preauth-rate", defaultValue = "100",
            description = "Connections that never authenticate opened per second at most (default ${DEFAULT-VALUE})")
    int preauthRate;
    @Option(names = "--passers", defaultValue = "0", description = "Fresh users connecting and leaving per second, with 1,000 fresh"
            + " ids read over REST per second, to take many distinct users through a node (default ${DEFAULT-VALUE})")
    int passers;
    @Option(names = "--settle", defaultValue = "10s", converter = DurationConverter.class,
            description = "Wait after the abusers leave before the last heap reading (default ${DEFAULT-VALUE})")
    Duration settle;

    @Override
    Report run(Driver d) throws InterruptedException {
        AbuseScenario.Load abuse = new AbuseScenario.Load(stalled, repeaters, flooders, preauth, preauthRate, passers,
                load.duration, settle);
        return new AbuseScenario(d, load.url, load.prefix, abuse, new ServerProbe(load.serverPid)).run();
    }
}
