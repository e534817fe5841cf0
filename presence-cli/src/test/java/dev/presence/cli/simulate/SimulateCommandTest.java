package dev.presence.cli.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.cli.Cli;
import dev.presence.cli.PresenceCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParseResult;

/** {@code presence simulate SCENARIO}: each scenario a subcommand, the shared options a mixin on each. */
class SimulateCommandTest {

    private static final List<String> SCENARIOS = List.of("hold", "fanout", "room", "churn", "mixed", "failover", "abuse", "restart");

    @Test
    void aScenariosOwnOptionsAndTheSharedOnesLandOnItsSubcommand() {
        String[] args = {"simulate", "room", "--sessions", "10", "--members", "20", "--url", "http://127.0.0.1:1",
                "--data-dir", "/tmp/sim-data", "--duration", "5s", "--json"};
        ParseResult simulate = PresenceCommand.commandLine().parseArgs(args).subcommand();
        assertEquals("simulate", simulate.commandSpec().name());
        ParseResult room = simulate.subcommand();
        assertEquals("room", room.commandSpec().name());
        RoomCommand cmd = room.commandSpec().commandLine().getCommand();
        assertEquals(20, cmd.members);
        assertEquals(100, cmd.msgRate, "a scenario option's default");
        LoadOptions load = cmd.load;
        assertEquals(10, load.sessions);
        assertEquals("http://127.0.0.1:1", load.url);
        assertEquals(Path.of("/tmp/sim-data"), load.data.dataDir(), "--data-dir is DataDirOption's");
        assertEquals(Duration.ofSeconds(5), load.duration);
        assertTrue(load.json);
        assertEquals(500, load.rate, "a shared option's default");
        assertEquals("sim", load.prefix);
        assertEquals(List.of(args), room.originalArgs(), "hold --workers starts its children with the whole command line");
    }

    @Test
    void simulateWithoutAScenarioIsAUsageErrorNamingThem() {
        Cli r = Cli.run("simulate");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("name a scenario: hold, fanout, room, churn, mixed, failover, abuse or restart"), r.err());
        SCENARIOS.forEach(s -> assertTrue(r.err().contains("\n  " + s + " "), "usage lists " + s + ": " + r.err()));
    }

    @Test
    void helpListsTheScenarios() {
        Cli r = Cli.run("simulate", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("Usage: presence simulate [-hV] SCENARIO"), r.out());
        SCENARIOS.forEach(s -> assertTrue(r.out().contains("\n  " + s + " "), s + " listed: " + r.out()));
    }

    @Test
    void anOptionOfAnotherScenarioIsRefused() {
        Cli r = Cli.run("simulate", "room", "--hold", "5s");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("Unknown option") && r.err().contains("'--hold'"), r.err());
    }

    @Test
    void aFailureNamesTheScenario(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("not-a-key.pem"), "not a key");
        Cli r = Cli.run("simulate", "hold", "--key", key.toString(), "--url", "http://127.0.0.1:1");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("presence simulate hold: "), r.err());
    }

    @Test
    void failoverNeedsTheNodeToKillAndWhereTheWatchersAre() {
        Cli r = Cli.run("simulate", "failover", "--server-pid", "1");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("failover needs --server-pid (the node to kill) and --target-url"), r.err());
    }
}
