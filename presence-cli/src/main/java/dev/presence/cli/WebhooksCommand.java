package dev.presence.cli;

import dev.presence.webhook.control.OutboxDocuments;
import dev.presence.webhook.control.SenderDocument;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.Callable;
import org.bson.Document;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code presence webhooks}: the webhook outbox, read and replayed directly in MongoDB. */
@Command(name = "webhooks", mixinStandardHelpOptions = true, description = "Look at the webhook outbox and re-send events.",
        subcommands = {WebhooksCommand.Status.class, WebhooksCommand.Replay.class})
final class WebhooksCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a webhooks command: status, replay");
    }

    private static void print(CommandSpec spec, String text) {
        spec.commandLine().getOut().println(text);
        spec.commandLine().getOut().flush();
    }

    private static String at(Date d) {
        return d == null ? null : d.toInstant().toString();
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Events waiting, the age of the oldest, delivery failures, the last error and which node sends.",
            footerHeading = "%nExamples:%n", footer = {"  presence webhooks status", "  presence webhooks status --mongodb-uri mongodb://db:27017 --json"})
    static final class Status implements Callable<Integer> {
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
                OutboxDocuments outbox = new OutboxDocuments(d, Duration.ZERO);
                long pending = outbox.pending();
                Date oldest = outbox.oldestPending();
                Long ageSeconds = oldest == null ? null : Math.max(0, Duration.between(oldest.toInstant(), now).toSeconds());
                Document sender = SenderDocument.read(d);
                Document s = sender == null ? new Document() : sender;
                Date expires = s.getDate("expiresAt");
                boolean live = expires != null && expires.toInstant().isAfter(now);
                long failures = s.get("failures") instanceof Number n ? n.longValue() : 0;
                int inARow = s.get("consecutiveFailures") instanceof Number n ? n.intValue() : 0;
                long delivered = s.get("delivered") instanceof Number n ? n.longValue() : 0;
                if (output.json) {
                    JsonObjectBuilder b = Json.createObjectBuilder().add("pending", pending)
                            .add("failuresInARow", inARow).add("failures", failures).add("delivered", delivered)
                            .add("kept", outbox.kept()).add("senderLive", live);
                    addOrNull(b, "oldestPending", at(oldest));
                    if (ageSeconds == null) {
                        b.addNull("oldestPendingAgeSeconds");
                    } else {
                        b.add("oldestPendingAgeSeconds", ageSeconds);
                    }
                    addOrNull(b, "lastError", s.getString("lastError"));
                    addOrNull(b, "lastErrorAt", at(s.getDate("lastErrorAt")));
                    addOrNull(b, "sender", s.getString("node"));
                    addOrNull(b, "senderLeaseUntil", at(expires));
                    addOrNull(b, "lastDeliveredAt", at(s.getDate("lastDeliveredAt")));
                    print(spec, b.build().toString());
                } else {
                    new Table("WHAT", "VALUE")
                            .row("pending", pending)
                            .row("oldest pending", oldest == null ? "-" : at(oldest) + " (" + ageSeconds + " s ago)")
                            .row("failures in a row", inARow)
                            .row("failures in all", failures)
                            .row("last error", s.getString("lastError") == null ? "-"
                                    : s.getString("lastError") + " at " + at(s.getDate("lastErrorAt")))
                            .row("sender", sender == null ? "none yet" : s.getString("node") + (live ? " (lease until "
                                    : " (lease lapsed at ") + at(expires) + ")")
                            .row("last delivery", at(s.getDate("lastDeliveredAt")))
                            .row("delivered in all", delivered)
                            .row("kept for replay", outbox.kept())
                            .print(spec.commandLine().getOut());
                }
                return ExitCode.OK;
            });
        }

        private static void addOrNull(JsonObjectBuilder b, String name, String value) {
            if (value == null) {
                b.addNull(name);
            } else {
                b.add(name, value);
            }
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Re-send the kept events that happened from --from (to --to): they go back into the outbox with"
                    + " their original ids and order, and the node sending webhooks sends them to its presence.webhook.url."
                    + " Events are kept presence.webhook.retention-ms (24 h) after delivery.",
            footerHeading = "%nExamples:%n", footer = {"  presence webhooks replay --from 2026-11-27T21:00:00Z --dry-run",
                    "  presence webhooks replay --from 2h", "  presence webhooks replay --from 3h --to 1h"})
    static final class Replay implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions db;
        @Option(names = "--from", required = true, converter = TimeConverter.class, paramLabel = "TIME",
                description = "The earliest event: an ISO-8601 instant or a duration ago (2h)")
        Instant from;
        @Option(names = "--to", converter = TimeConverter.class, paramLabel = "TIME",
                description = "Before this moment (default: now)")
        Instant to;
        @Option(names = "--dry-run", description = "Count the events and change nothing")
        boolean dryRun;

        @Override
        public Integer call() {
            Instant now = Instant.now();
            Instant until = to == null ? now : to;
            if (from.isAfter(now)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--from " + from + " is in the future");
            }
            if (!from.isBefore(until)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--from " + from + " must be before --to " + until);
            }
            return db.with(d -> {
                OutboxDocuments outbox = new OutboxDocuments(d, Duration.ZERO);
                OutboxDocuments.Replay r = outbox.replay(Date.from(from), Date.from(until), dryRun);
                String range = "from " + from + " to " + until;
                if (dryRun) {
                    print(spec, "would queue " + r.found() + " kept event(s) that happened " + range + " for re-delivery");
                    return ExitCode.OK;
                }
                print(spec, "queued " + r.queued() + " event(s) that happened " + range + " for re-delivery, with their"
                        + " original ids" + (r.found() > r.queued() ? " (" + (r.found() - r.queued()) + " more were still waiting)" : ""));
                Document sender = SenderDocument.read(d);
                Date expires = sender == null ? null : sender.getDate("expiresAt");
                if (expires == null || !expires.toInstant().isAfter(Instant.now())) {
                    print(spec, "no node is sending webhooks now: they go out when a node with presence.webhook.url set runs");
                } else {
                    print(spec, "node " + sender.getString("node") + " sends them to its presence.webhook.url");
                }
                return ExitCode.OK;
            });
        }
    }
}
