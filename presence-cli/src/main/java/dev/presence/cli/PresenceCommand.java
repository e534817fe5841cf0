package dev.presence.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code presence}: the operator's tool. */
@Command(name = "presence", mixinStandardHelpOptions = true, version = "presence 0.1.0",
        description = "Real-time presence service for chat applications.",
        subcommands = {ServeCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:failed", "2:bad usage", "3:service or database unreachable"})
public final class PresenceCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. presence serve");
    }

    public static CommandLine commandLine() {
        return new CommandLine(new PresenceCommand());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
