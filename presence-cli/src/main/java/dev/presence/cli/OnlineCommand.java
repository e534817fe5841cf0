package dev.presence.cli;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "online", mixinStandardHelpOptions = true, description = "List online users, ordered by userId.",
        footerHeading = "%nExamples:%n", footer = {"  presence online", "  presence online --limit 20", "  presence online --all --json"})
final class OnlineCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    ServiceOptions service;
    @Mixin
    JsonOption output;
    @Option(names = "--limit", defaultValue = "100", description = "Users per page, 1-1000 (default ${DEFAULT-VALUE})")
    int limit;
    @Option(names = "--all", description = "Follow the cursor to the last page")
    boolean all;

    @Override
    public Integer call() {
        if (limit < 1 || limit > 1000) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must be 1 to 1000");
        }
        List<JsonValue> users = new ArrayList<>();
        String cursor = null;
        int total;
        do {
            JsonObject page = service.require("GET", "/api/user-status/online?limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)), null);
            users.addAll(page.getJsonArray("users"));
            total = page.getInt("total");
            cursor = page.isNull("nextCursor") ? null : page.getString("nextCursor");
        } while (all && cursor != null);
        JsonArrayBuilder list = Json.createArrayBuilder();
        users.forEach(list::add);
        JsonObject whole = Json.createObjectBuilder().add("users", list).add("total", total)
                .add("nextCursor", cursor == null ? JsonValue.NULL : Json.createValue(cursor)).build();
        StatusCommand.Printing.users(spec, output.json, whole, users);
        if (!output.json) {
            spec.commandLine().getOut().printf("%d of %d online%s%n", users.size(), total, cursor != null ? " (--all for every page)" : "");
            spec.commandLine().getOut().flush();
        }
        return ExitCode.OK;
    }
}
