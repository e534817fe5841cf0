package dev.presence.cli.simulate;

import dev.presence.cli.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code presence simulate room}: M members of one chat session exchange K messages at a rate; every other
 * member must get each once.
 */
@Command(name = "room", mixinStandardHelpOptions = true,
        description = "M members of one chat session exchange K messages at a rate; every other member must get each once.")
final class RoomCommand extends ScenarioCommand {

    @Option(names = "--members", defaultValue = "100", description = "Members (default ${DEFAULT-VALUE})")
    int members;
    @Option(names = "--messages", defaultValue = "1000", description = "Messages (default ${DEFAULT-VALUE})")
    int messages;
    @Option(names = "--msg-rate", defaultValue = "100", description = "Messages per second (default ${DEFAULT-VALUE})")
    int msgRate;

    @Override
    Report run(Driver d) throws InterruptedException {
        String room = load.prefix + "-room";
        long[] sentAt = new long[messages];
        Latencies delivery = new Latencies();
        Map<String, AtomicInteger> got = new ConcurrentHashMap<>();
        AtomicInteger joined = new AtomicInteger();
        AtomicInteger acked = new AtomicInteger();
        d.phase("ramp");
        List<LoadClient> ms = d.open(Driver.users(load.prefix + "-member", 0, members), load.rate, (c, f) -> {
            if (f.startsWith("{\"event\":\"new-message\"")) {
                String text = LoadClient.field(f, "text");
                if (text != null && text.startsWith("m-")) {
                    int i = Integer.parseInt(text.substring(2));
                    delivery.add((System.nanoTime() - sentAt[i]) / 1e6);
                    got.computeIfAbsent(c.userId + "/" + i, k -> new AtomicInteger()).incrementAndGet();
                    d.events.incrementAndGet();
                }
            } else if (f.startsWith("{\"event\":\"chat-session-joined\"")) {
                joined.incrementAndGet();
            } else if (f.startsWith("{\"event\":\"message-ack\"")) {
                acked.incrementAndGet();
            }
        });
        d.phase("join");
        String join = Frames.join(room);
        for (LoadClient m : ms) {
            m.send(join);
        }
        Poll.until(() -> joined.get() >= d.up.get(), Duration.ofSeconds(60), Duration.ofMillis(20));
        d.phase("messages");
        long t0 = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            Driver.pace(t0, i, msgRate);
            LoadClient sender = ms.get(i % ms.size());
            sentAt[i] = System.nanoTime();
            sender.send(Frames.sendMessage(room, "m-" + i, load.prefix + "-" + i, null));
        }
        double sendSeconds = (System.nanoTime() - t0) / 1e9;
        long expected = (long) messages * (joined.get() - 1);
        Poll.until(() -> delivery.count() >= expected, Duration.ofSeconds(15), Duration.ofMillis(50));
        d.phase("closing");
        Driver.closeAll(ms);
        long duplicated = got.values().stream().mapToLong(n -> Math.max(0, n.get() - 1)).sum();
        return new Report().put("scenario", "room").put("members", members).put("members_joined", joined.get())
                .put("sessions_failed", d.failed.get()).put("messages_sent", messages).put("messages_acked", acked.get())
                .put("send_seconds", Math.round(sendSeconds * 100) / 100.0)
                .put("messages_per_second", Math.round(messages / sendSeconds * 10) / 10.0)
                .put("deliveries_expected", expected).put("deliveries_missing", Math.max(0, expected - got.size()))
                .put("deliveries_duplicated", duplicated).latencies("connect_auth", d.connect).latencies("delivery", delivery);
    }
}
