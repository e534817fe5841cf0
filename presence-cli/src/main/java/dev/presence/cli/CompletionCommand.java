package dev.presence.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a bash/zsh completion script.",
        footerHeading = "%nExamples:%n", footer = {"  source <(presence completion)"})
final class CompletionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().print(AutoComplete.bash("presence", spec.parent().commandLine()));
        spec.commandLine().getOut().flush();
    }
}
