package dev.presence.cli.simulate;

import dev.presence.cli.Poll;
import dev.presence.cli.ServiceHttp;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code presence simulate fanout}: W watchers subscribed to a target that comes online, changes status and
 * goes offline R times. Each watcher must see each of the three changes once: anything else is missing or
 * duplicated.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true,
        description = "W watchers of one user who comes online, changes status and goes offline R times; each watcher must see each change once.")
final class FanoutCommand extends ScenarioCommand {

    @Option(names = "--target-url", description = "The node the watched user connects to (default: the first --url)")
    String targetUrl;
    @Option(names = "--watchers", defaultValue = "100", description = "Watchers (default ${DEFAULT-VALUE})")
    int watchers;
    @Option(names = "--rounds", defaultValue = "10", description = "Online/status/offline rounds (default ${DEFAULT-VALUE})")
    int rounds;
    @Option(names = "--idle", defaultValue = "0", description = "Idle sessions held beside the watchers (default ${DEFAULT-VALUE})")
    int idle;

    private final Latencies online = new Latencies();
    private final Latencies status = new Latencies();
    private final Latencies offline = new Latencies();
    /** How often each watcher saw each change: "watcher/round/kind". */
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final AtomicLong markNanos = new AtomicLong();
    private final AtomicInteger round = new AtomicInteger();

    @Override
    Report run(Driver d) throws InterruptedException {
        d.useTarget(targetUrl);
        String target = load.prefix + "-target";
        d.phase("ramp");
        if (idle > 0) {
            d.open(Driver.users(load.prefix + "-idle", 0, idle), load.rate, (c, f) -> { });
        }
        List<LoadClient> ws = d.open(Driver.users(load.prefix + "-watcher", 0, watchers), load.rate, (c, f) -> {
            if (f.startsWith("{\"event\":\"user-status-change\"") && f.contains("\"userId\":\"" + target + "\"")) {
                observe(d, c, f);
            }
        });
        String subscribe = Frames.subscribe(List.of(target));
        for (LoadClient w : ws) {
            w.send(subscribe);
        }
        TimeUnit.SECONDS.sleep(1);
        String token = d.tokens(List.of(target)).get(0);
        HttpClient http = ServiceHttp.client(Duration.ofSeconds(5));
        for (int r = 0; r < rounds; r++) {
            round.set(r);
            d.phase("round " + (r + 1));
            LoadClient t = new LoadClient(target, (c, f) -> { });
            markNanos.set(System.nanoTime());
            try {
                t.start(http, d.target, token, 30_000).join();
            } catch (RuntimeException e) {
                d.fail(e);
                continue;
            }
            waitFor(r, "online", Duration.ofSeconds(5));
            markNanos.set(System.nanoTime());
            t.send(Frames.setStatus("away", "round-" + r));
            waitFor(r, "status", Duration.ofSeconds(5));
            markNanos.set(System.nanoTime());
            t.close();
            waitFor(r, "offline", Duration.ofSeconds(15));
        }
        d.phase("closing");
        Driver.closeAll(ws);
        long missing = 0;
        long duplicated = 0;
        for (LoadClient w : ws) {
            for (int r = 0; r < rounds; r++) {
                for (String kind : List.of("online", "status", "offline")) {
                    AtomicInteger n = seen.get(w.userId + "/" + r + "/" + kind);
                    int got = n == null ? 0 : n.get();
                    missing += got == 0 ? 1 : 0;
                    duplicated += Math.max(0, got - 1);
                }
            }
        }
        return new Report().put("scenario", "fanout").put("watchers", watchers).put("rounds", rounds)
                .put("background_sessions", idle).put("sessions_established", d.up.get())
                .put("sessions_failed", d.failed.get()).latencies("connect_auth", d.connect)
                .latencies("fanout_status", status).latencies("fanout_online", online).latencies("fanout_offline", offline)
                .put("events_expected", (long) watchers * rounds * 3).put("events_missing", missing)
                .put("events_duplicated", duplicated);
    }

    /** A change of the target that watcher {@code c} heard: which of the round's three, and how long after it was made. */
    private void observe(Driver d, LoadClient c, String frame) {
        double ms = (System.nanoTime() - markNanos.get()) / 1e6;
        String kind = frame.contains("\"isOnline\":false") ? "offline"
                : frame.contains("\"statusText\":\"round-" + round.get() + "\"") ? "status" : "online";
        seen.computeIfAbsent(c.userId + "/" + round.get() + "/" + kind, k -> new AtomicInteger()).incrementAndGet();
        d.events.incrementAndGet();
        (kind.equals("offline") ? offline : kind.equals("status") ? status : online).add(Math.max(0, ms));
    }

    /** Until every watcher has heard this round's change of this kind, or {@code max}. */
    private void waitFor(int r, String kind, Duration max) throws InterruptedException {
        String suffix = "/" + r + "/" + kind;
        Poll.until(() -> seen.keySet().stream().filter(k -> k.endsWith(suffix)).count() >= watchers, max, Duration.ofMillis(10));
    }
}
