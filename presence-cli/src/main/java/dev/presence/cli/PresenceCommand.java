package dev.presence.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code presence}: the operator's tool. */
@Command(name = "presence", mixinStandardHelpOptions = true, version = "presence 0.1.0",
        description = "Real-time presence service for chat applications.",
        subcommands = {ServeCommand.class, dev.presence.cli.simulate.SimulateCommand.class, StatusCommand.class, OnlineCommand.class, CountCommand.class, TokenCommand.class,
                KickCommand.class, StatsCommand.class, DbCommand.class, WebhooksCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:failed", "2:bad usage", "3:service or database unreachable"})
public final class PresenceCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. presence serve");
    }

    /** The command line with the named exit codes: 2 bad usage, 3 unreachable, 1 any other failure. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new PresenceCommand());
        cl.setExitCodeExceptionMapper(e -> e instanceof UnreachableException ? ExitCode.UNREACHABLE
                : e instanceof CommandLine.ParameterException ? ExitCode.USAGE : ExitCode.FAILED);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + Redaction.secrets(e.getMessage()));
            commandLine.getErr().flush();
            return commandLine.getExitCodeExceptionMapper().getExitCode(e);
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
