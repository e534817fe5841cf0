package dev.presence.cli.simulate;

import dev.presence.cli.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code presence simulate mixed}: U users with 1-3 tabs each who, on a random schedule fixed by the seed,
 * change status, type and send messages in a few shared chat sessions. Every message must be acknowledged
 * once; no error may come back.
 */
@Command(name = "mixed", mixinStandardHelpOptions = true,
        description = "U users with 1-3 tabs change status, type and send messages on a schedule fixed by --seed; every message must be acknowledged.")
final class MixedCommand extends ScenarioCommand {

    private static final String[] STATUSES = {"available", "away", "busy", "dnd"};

    @Option(names = "--users", defaultValue = "100", description = "Users, each with 1-3 tabs (default ${DEFAULT-VALUE})")
    int users;
    @Option(names = "--actions", defaultValue = "50", description = "Actions per second (default ${DEFAULT-VALUE})")
    int actions;

    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicInteger acks = new AtomicInteger();
    private final AtomicInteger joined = new AtomicInteger();

    @Override
    Report run(Driver d) throws InterruptedException {
        Random random = new Random(load.seed);
        List<String> tabsOf = new ArrayList<>();
        for (String u : Driver.users(load.prefix, 0, users)) {
            int tabs = 1 + random.nextInt(3);
            for (int t = 0; t < tabs; t++) {
                tabsOf.add(u);
            }
        }
        d.phase("ramp");
        List<LoadClient> tabs = d.open(tabsOf, load.rate, (c, f) -> count(d, f));
        int rooms = Math.max(1, users / 50);
        for (int i = 0; i < tabs.size(); i++) {
            tabs.get(i).send(Frames.join(load.prefix + "-room-" + (i % rooms)));
        }
        Poll.until(() -> joined.get() >= d.up.get(), Duration.ofSeconds(30), Duration.ofMillis(20));
        d.phase("mixed");
        int statusChanges = 0;
        int typing = 0;
        int sent = 0;
        long t0 = System.nanoTime();
        long end = t0 + load.duration.toNanos();
        for (long i = 0; System.nanoTime() < end; i++) {
            Driver.pace(t0, i, actions);
            int idx = random.nextInt(tabs.size());
            LoadClient tab = tabs.get(idx);
            String room = load.prefix + "-room-" + (idx % rooms);
            int action = random.nextInt(10);
            if (action < 2) {
                tab.send(Frames.setStatus(STATUSES[random.nextInt(4)], "t" + i));
                statusChanges++;
            } else if (action < 6) {
                tab.send(Frames.typingStart(room));
                typing++;
            } else {
                tab.send(Frames.sendMessage(room, "hi " + i, load.prefix + "-" + i, null));
                sent++;
            }
        }
        int sentCount = sent;
        Poll.until(() -> acks.get() >= sentCount, Duration.ofSeconds(10), Duration.ofMillis(20));
        d.phase("closing");
        Driver.closeAll(tabs);
        return new Report().put("scenario", "mixed").put("users", users).put("tabs", tabs.size())
                .put("sessions_established", d.up.get()).put("sessions_failed", d.failed.get())
                .put("status_changes", statusChanges).put("typing_starts", typing).put("messages_sent", sent)
                .put("messages_acked", acks.get()).put("acks_missing", Math.max(0, sent - acks.get()))
                .put("errors", errors.get()).put("events_received", d.events.get()).latencies("connect_auth", d.connect);
    }

    private void count(Driver d, String frame) {
        d.events.incrementAndGet();
        if (frame.startsWith("{\"event\":\"error\"")) {
            errors.incrementAndGet();
        } else if (frame.startsWith("{\"event\":\"message-ack\"")) {
            acks.incrementAndGet();
        } else if (frame.startsWith("{\"event\":\"chat-session-joined\"")) {
            joined.incrementAndGet();
        }
    }
}
