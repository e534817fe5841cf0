package dev.presence.cli.simulate;

import dev.presence.cli.Poll;
import dev.presence.cli.ServiceHttp;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code presence simulate failover}: N sessions on the node to kill (the first {@code --url}), one watcher per
 * 1,000 of them on another node ({@code --target-url}); the node's server process is SIGKILLed and the
 * watchers must see each user go offline once. Reports the time from the kill to the first and to the last
 * offline event.
 */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = "N sessions on the first --url, watched from --target-url; SIGKILLs --server-pid and times each user going offline.")
final class FailoverCommand extends ScenarioCommand {

    @Option(names = "--target-url", description = "The node the watchers connect to (needed: not the node that is killed)")
    String targetUrl;

    @Override
    public Integer call() throws Exception {
        if (load.serverPid <= 0 || targetUrl == null) {
            throw load.usage("failover needs --server-pid (the node to kill) and --target-url (where the watchers are)");
        }
        return super.call();
    }

    @Override
    Report run(Driver d) throws InterruptedException {
        d.useTarget(targetUrl);
        int sessions = load.sessions;
        List<String> victims = Driver.users(load.prefix + "-victim", 0, sessions);
        Map<String, AtomicInteger> offline = new ConcurrentHashMap<>();
        Latencies sinceKill = new Latencies();
        AtomicLong killedAt = new AtomicLong();
        d.phase("ramp");
        d.open(victims, load.rate, (c, f) -> { });
        int watchers = (sessions + 999) / 1000;
        List<LoadClient> ws = new ArrayList<>();
        HttpClient http = ServiceHttp.client(Duration.ofSeconds(5));
        List<String> tokens = d.tokens(Driver.users(load.prefix + "-watcher", 0, watchers));
        for (int w = 0; w < watchers; w++) {
            LoadClient watcher = new LoadClient(load.prefix + "-watcher-" + w, (c, f) -> {
                if (f.startsWith("{\"event\":\"user-status-change\"") && f.contains("\"isOnline\":false") && killedAt.get() > 0) {
                    String user = LoadClient.field(f, "userId");
                    if (offline.computeIfAbsent(user, k -> new AtomicInteger()).incrementAndGet() == 1) {
                        sinceKill.add((System.nanoTime() - killedAt.get()) / 1e6);
                    }
                    d.events.incrementAndGet();
                }
            });
            watcher.start(http, d.target, tokens.get(w), 30_000).join();
            watcher.send(Frames.subscribe(victims.subList(w * 1000, Math.min(sessions, (w + 1) * 1000))));
            ws.add(watcher);
        }
        TimeUnit.SECONDS.sleep(2);
        d.phase("kill");
        killedAt.set(System.nanoTime());
        long killPid = load.serverPid;
        ProcessHandle.of(killPid).orElseThrow(() -> new IllegalStateException("no process " + killPid)).destroyForcibly();
        Poll.until(() -> offline.size() >= d.up.get(), Duration.ofSeconds(120), Duration.ofMillis(20));
        TimeUnit.SECONDS.sleep(2); // duplicates would arrive by now
        Driver.closeAll(ws);
        long duplicated = offline.values().stream().mapToLong(n -> Math.max(0, n.get() - 1)).sum();
        return new Report().put("scenario", "failover").put("sessions_established", d.up.get())
                .put("sessions_failed", d.failed.get()).put("watchers", watchers)
                .put("offline_expected", d.up.get()).put("offline_missing", Math.max(0, d.up.get() - offline.size()))
                .put("offline_duplicated", duplicated).latencies("kill_to_offline", sinceKill);
    }
}
