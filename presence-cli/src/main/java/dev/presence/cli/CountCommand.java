package dev.presence.cli;

import jakarta.json.JsonObject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "count", mixinStandardHelpOptions = true, description = "Print how many users are online.",
        footerHeading = "%nExamples:%n", footer = {"  presence count", "  presence count --url http://presence:8080 --json"})
final class CountCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    ServiceOptions service;
    @Mixin
    JsonOption output;

    @Override
    public Integer call() {
        JsonObject reply = service.require("GET", "/api/user-status/online/count", null);
        spec.commandLine().getOut().println(output.json ? reply.toString() : Integer.toString(reply.getInt("count")));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
