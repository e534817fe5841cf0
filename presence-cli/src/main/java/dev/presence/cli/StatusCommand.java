package dev.presence.cli;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the status of users.",
        footerHeading = "%nExamples:%n", footer = {"  presence status alice", "  presence status alice bob --json"})
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    ServiceOptions service;
    @Mixin
    JsonOption output;
    @Parameters(arity = "1..1000", paramLabel = "USER", description = "userIds")
    List<String> users;

    @Override
    public Integer call() {
        JsonArrayBuilder ids = Json.createArrayBuilder();
        users.forEach(ids::add);
        JsonObject reply = service.require("POST", "/api/user-status/batch",
                Json.createObjectBuilder().add("userIds", ids).build().toString());
        Printing.users(spec, output.json, reply, reply.getJsonArray("users"));
        return ExitCode.OK;
    }

    /** Shared rendering of status objects. */
    static final class Printing {
        private Printing() {
        }

        static void users(CommandSpec spec, boolean json, JsonObject whole, List<JsonValue> users) {
            if (json) {
                spec.commandLine().getOut().println(whole);
                spec.commandLine().getOut().flush();
                return;
            }
            Table t = new Table("USER", "ONLINE", "STATUS", "STATUS TEXT", "LAST SEEN");
            for (JsonValue v : users) {
                JsonObject u = v.asJsonObject();
                t.row(u.getString("userId"), u.getBoolean("isOnline") ? "yes" : "no", u.getString("status"),
                        u.isNull("statusText") ? null : u.getString("statusText"),
                        u.isNull("lastSeen") ? "never" : u.getString("lastSeen"));
            }
            t.print(spec.commandLine().getOut());
        }
    }
}
