package dev.presence.cli;

import jakarta.json.JsonObject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "kick", mixinStandardHelpOptions = true,
        description = "Close every session of a user (close code 4403). Needs a presence-admin token.",
        footerHeading = "%nExamples:%n", footer = {"  presence kick mallory", "  PRESENCE_TOKEN=$(cat ops.jwt) presence kick mallory --url https://presence.example.com"})
final class KickCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    ServiceOptions service;
    @Mixin
    JsonOption output;
    @Parameters(paramLabel = "USER", description = "the userId")
    String user;

    @Override
    public Integer call() {
        JsonObject reply = service.require("DELETE", "/api/admin/sessions/" + user, null);
        spec.commandLine().getOut().println(output.json ? reply.toString()
                : "closed " + reply.getInt("closed") + " session(s) of " + reply.getString("userId"));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
