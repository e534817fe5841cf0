package dev.presence.cli;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.presence.chat.control.MessageLog;
import dev.presence.store.control.MessageDocuments;
import dev.presence.store.control.NodeLeases;
import dev.presence.store.control.Reconciler;
import dev.presence.store.control.UserDocuments;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Callable;
import org.bson.Document;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code presence db}: maintenance directly on MongoDB. Destructive commands have {@code --dry-run}. */
@Command(name = "db", mixinStandardHelpOptions = true, description = "Maintain the database directly.",
        subcommands = {DbCommand.Stats.class, DbCommand.Cleanup.class, DbCommand.ResetOffline.class,
                DbCommand.EnsureIndexes.class, DbCommand.PruneMessages.class})
final class DbCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a db command: stats, cleanup, reset-offline, ensure-indexes, prune-messages");
    }

    private static void print(CommandSpec spec, String text) {
        spec.commandLine().getOut().println(text);
        spec.commandLine().getOut().flush();
    }

    @Command(name = "stats", mixinStandardHelpOptions = true, description = "Counts of users, online users, orphaned socketIds, expired leases and messages, and the indexes.",
            footerHeading = "%nExamples:%n", footer = {"  presence db stats", "  presence db stats --mongodb-uri mongodb://db:27017 --json"})
    static final class Stats implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions db;
        @Mixin
        JsonOption output;

        @Override
        public Integer call() {
            return db.with(d -> {
                Instant now = Instant.now();
                Reconciler.Result orphans = new Reconciler(d).reconcile(now, now.minus(Duration.ofSeconds(15)), true);
                long users = d.getCollection(UserDocuments.COLLECTION).countDocuments();
                long online = d.getCollection(UserDocuments.COLLECTION).countDocuments(Filters.eq("isOnline", true));
                long expired = d.getCollection(NodeLeases.COLLECTION).countDocuments(Filters.lte("expiresAt", Date.from(now)));
                long messages = d.getCollection(MessageDocuments.MESSAGES).countDocuments();
                JsonArrayBuilder indexes = Json.createArrayBuilder();
                Table idx = new Table("COLLECTION", "INDEX", "KEYS");
                for (String c : List.of(UserDocuments.COLLECTION, NodeLeases.COLLECTION, MessageDocuments.MESSAGES, MessageDocuments.KEYS)) {
                    for (Document i : d.getCollection(c).listIndexes()) {
                        Document key = i.get("key", Document.class);
                        indexes.add(Json.createObjectBuilder().add("collection", c).add("name", i.getString("name")).add("key", key.toJson()));
                        idx.row(c, i.getString("name"), key.toJson());
                    }
                }
                if (output.json) {
                    print(spec, Json.createObjectBuilder().add("users", users).add("onlineUsers", online)
                            .add("orphanedSocketIds", orphans.socketIdsRemoved()).add("usersOnlineWithoutLiveSession", orphans.usersSetOffline().size())
                            .add("expiredLeases", expired).add("messages", messages).add("indexes", indexes).build().toString());
                } else {
                    new Table("WHAT", "COUNT").row("users", users).row("online users", online)
                            .row("orphaned socketIds", orphans.socketIdsRemoved())
                            .row("online without a live session", orphans.usersSetOffline().size())
                            .row("expired leases", expired).row("messages", messages).print(spec.commandLine().getOut());
                    spec.commandLine().getOut().println();
                    idx.print(spec.commandLine().getOut());
                }
                return ExitCode.OK;
            });
        }
    }

    @Command(name = "cleanup", mixinStandardHelpOptions = true,
            description = "Remove socketIds of nodes whose lease has expired and set users left without a live session offline, with lastSeen at the dead node's last renewal (the server's own reconciliation).",
            footerHeading = "%nExamples:%n", footer = {"  presence db cleanup --dry-run", "  presence db cleanup"})
    static final class Cleanup implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions db;
        @Mixin
        JsonOption output;
        @Option(names = "--dry-run", description = "Print what would change and change nothing")
        boolean dryRun;
        @Option(names = "--lease", defaultValue = "15s", converter = DurationConverter.class,
                description = "presence.node-lease-ms of the nodes: an online user with no socketIds counts as orphaned once its document is older (default ${DEFAULT-VALUE})")
        Duration lease;

        @Override
        public Integer call() {
            return db.with(d -> {
                Instant now = Instant.now();
                Reconciler.Result r = new Reconciler(d).reconcile(now, now.minus(lease), dryRun);
                if (output.json) {
                    JsonArrayBuilder offline = Json.createArrayBuilder();
                    r.usersSetOffline().forEach(offline::add);
                    JsonArrayBuilder nodes = Json.createArrayBuilder();
                    r.deadNodes().forEach(nodes::add);
                    print(spec, Json.createObjectBuilder().add("dryRun", dryRun).add("usersSetOffline", offline)
                            .add("socketIdsRemoved", r.socketIdsRemoved()).add("deadNodes", nodes).build().toString());
                } else {
                    String verb = dryRun ? "would set" : "set";
                    print(spec, verb + " " + r.usersSetOffline().size() + " user(s) offline, " + (dryRun ? "would remove " : "removed ")
                            + r.socketIdsRemoved() + " orphaned socketId(s) of " + r.deadNodes().size() + " dead node(s)");
                    r.usersSetOffline().forEach(u -> print(spec, "  " + u));
                }
                return ExitCode.OK;
            });
        }
    }

    @Command(name = "reset-offline", mixinStandardHelpOptions = true,
            description = "Set every user offline with socketIds emptied (the seed's maintenance query). Only for a stopped service: live sessions are not closed.",
            footerHeading = "%nExamples:%n", footer = {"  presence db reset-offline --dry-run", "  presence db reset-offline --yes"})
    static final class ResetOffline implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions db;
        @Option(names = "--dry-run", description = "Print what would change and change nothing")
        boolean dryRun;
        @Option(names = "--yes", description = "Do not ask for confirmation")
        boolean yes;

        @Override
        public Integer call() {
            return db.with(d -> {
                var users = d.getCollection(UserDocuments.COLLECTION);
                long affected = users.countDocuments(Filters.or(Filters.eq("isOnline", true), Filters.exists("socketIds.0")));
                if (dryRun) {
                    print(spec, "would set " + affected + " user(s) offline and empty their socketIds");
                    return ExitCode.OK;
                }
                if (!yes && !confirm(affected)) {
                    print(spec, "nothing changed");
                    return ExitCode.FAILED;
                }
                long changed = users.updateMany(new Document(), Updates.combine(Updates.set("isOnline", false),
                        Updates.set("socketIds", List.of()))).getModifiedCount();
                print(spec, "set " + changed + " user(s) offline");
                return ExitCode.OK;
            });
        }

        private boolean confirm(long affected) {
            spec.commandLine().getOut().print("Set every user offline (" + affected + " online or with socketIds)? [y/N] ");
            spec.commandLine().getOut().flush();
            try {
                String answer = new BufferedReader(new InputStreamReader(System.in)).readLine();
                return answer != null && answer.trim().equalsIgnoreCase("y");
            } catch (IOException e) {
                return false;
            }
        }
    }

    @Command(name = "ensure-indexes", mixinStandardHelpOptions = true, description = "Create the indexes the service uses.",
            footerHeading = "%nExamples:%n", footer = {"  presence db ensure-indexes --mongodb-uri mongodb://db:27017"})
    static final class EnsureIndexes implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions db;

        @Override
        public Integer call() {
            return db.with(d -> {
                new UserDocuments(d).ensureIndexes();
                new MessageDocuments(d).ensureIndexes();
                print(spec, "indexes ensured on " + UserDocuments.COLLECTION + ", " + MessageDocuments.MESSAGES + " and " + MessageDocuments.KEYS);
                return ExitCode.OK;
            });
        }
    }

    @Command(name = "prune-messages", mixinStandardHelpOptions = true, description = "Delete messages older than a duration.",
            footerHeading = "%nExamples:%n", footer = {"  presence db prune-messages --older-than 30d --dry-run", "  presence db prune-messages --older-than 90d"})
    static final class PruneMessages implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions db;
        @Option(names = "--older-than", required = true, converter = DurationConverter.class, description = "e.g. 30d")
        Duration olderThan;
        @Option(names = "--dry-run", description = "Print what would change and change nothing")
        boolean dryRun;

        @Override
        public Integer call() {
            return db.with(d -> {
                Instant horizon = Instant.now().minus(olderThan);
                MessageDocuments messages = new MessageDocuments(d);
                if (dryRun) {
                    long n = d.getCollection(MessageDocuments.MESSAGES).countDocuments(Filters.lt("sentAt", Date.from(horizon)));
                    print(spec, "would delete " + n + " message(s) sent before " + horizon);
                } else {
                    print(spec, "deleted " + messages.pruneMessages(horizon) + " message(s) sent before " + horizon);
                    messages.pruneKeys(Instant.now().minus(MessageLog.IDEMPOTENCY));
                }
                return ExitCode.OK;
            });
        }
    }
}
