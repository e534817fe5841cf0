package dev.presence.cli.simulate;

import dev.presence.cli.Poll;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * {@code presence simulate restart}: N users held on the first node, W watchers subscribed to them (on the
 * same node, or on the others in a cluster), then the node is stopped (SIGTERM, or SIGKILL with
 * {@code --kill}) and started again while every client reconnects on the browser client's schedule
 * ({@link ReconnectingSession}). Reports how long after the node's readiness every user was back, the
 * attempts that failed, connect+auth during the storm, the status changes each watcher saw
 * ({@link WatchTally}), and ghosts: users the REST API calls online with no live session here.
 */
final class RestartScenario implements ReconnectingSession.Events {

    record Options(String prefix, int sessions, int rate, int watchers, boolean kill, Duration timeout, Duration settle,
                   Duration attemptTimeout, long seed) {
    }

    private static final int SUBSCRIPTION_MAX = 1000;
    private final Driver d;
    private final Options o;
    private final RestartNode node;
    private final String restBase;
    private final List<ReconnectingSession> all = new ArrayList<>();
    private final List<String> subscribeFrames = new ArrayList<>();
    private WatchTally tally;
    private final Latencies storm = new Latencies();
    private final Latencies attemptsToBack = new Latencies();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong staleSnapshots = new AtomicLong();
    private final Map<String, ReconnectingSession> byUser = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failedRamp = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failedBeforeReady = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failedAfterReady = new ConcurrentHashMap<>();
    private volatile long markNanos = Long.MAX_VALUE;
    private volatile long readyNanos = Long.MAX_VALUE;

    RestartScenario(Driver d, String url, Options o, RestartNode node) {
        this.d = d;
        this.o = o;
        this.node = node;
        this.restBase = url.split(",")[0].trim().replaceAll("/+$", "");
    }

    Report run() throws Exception {
        String loadStart = loadavg();
        List<String> users = Driver.users(o.prefix(), 0, o.sessions());
        List<String> watcherIds = Driver.users(o.prefix() + "-watcher", 0, o.watchers());
        List<URI> nodes = d.endpoints();
        d.phase("tokens");
        List<String> ids = new ArrayList<>(users);
        ids.addAll(watcherIds);
        List<String> tokens = d.tokens(ids);
        List<List<String>> watched = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            boolean watcher = i >= users.size();
            int home = watcher && nodes.size() > 1 ? 1 + (i - users.size()) % (nodes.size() - 1) : 0;
            all.add(new ReconnectingSession(ids.get(i), i, nodes, home, d.client(i), d.timer, tokens.get(i),
                    o.attemptTimeout().toMillis(), o.seed(), this, this::frame));
            if (watcher) {
                List<String> mine = sample(users, i - users.size(), o.watchers());
                watched.add(mine);
                subscribeFrames.add(Frames.subscribe(mine));
            }
        }
        tally = new WatchTally(watched);
        all.forEach(s -> byUser.put(s.userId, s));
        AtomicLong tick = new AtomicLong();
        d.timer.scheduleAtFixedRate(() -> heartbeat(tick.getAndIncrement()), 1, 1, TimeUnit.SECONDS);
        d.phase("ramp");
        ramp(all.subList(0, users.size()));
        ramp(all.subList(users.size(), all.size()));
        awaitLive(s -> true, Duration.ofSeconds(60));
        int established = count(s -> s.index < users.size() && s.isLive());
        int watchersUp = count(s -> s.index >= users.size() && s.isLive());
        d.phase("tokens");
        List<String> fresh = d.tokens(ids); // minted now, so the storm does not pay for the signatures
        all.forEach(s -> s.useToken(fresh.get(s.index)));
        TimeUnit.SECONDS.sleep(2); // the watchers' snapshots are in
        String loadBefore = loadavg();

        d.phase(o.kill() ? "SIGKILL" : "SIGTERM");
        tally.mark();
        markNanos = System.nanoTime();
        node.stop(o.kill(), Duration.ofSeconds(120));
        long stoppedNanos = System.nanoTime();
        d.phase("node start");
        if (node.owned() || node.restartCommand() != null) {
            node.start();
        }
        long ready = node.awaitReady(Duration.ofSeconds(180));
        readyNanos = ready < 0 ? Long.MAX_VALUE : ready;
        d.phase("storm");
        awaitLive(s -> s.authenticatedAt > markNanos, o.timeout());
        long backNanos = System.nanoTime();
        d.phase("settle");
        TimeUnit.MILLISECONDS.sleep(o.settle().toMillis());

        Report r = new Report().put("scenario", "restart").put("stop", o.kill() ? "SIGKILL" : "SIGTERM")
                .put("node", node.owned() ? "started by this command" : "external").put("nodes", nodes.size())
                .put("sessions_requested", o.sessions()).put("sessions_established", established)
                .put("watchers", o.watchers()).put("watchers_established", watchersUp)
                .put("ramp_failed", sum(failedRamp)).put("ramp_failed_reasons", reasons(failedRamp))
                .latencies("ramp_connect_auth", d.connect)
                .put("stop_s", seconds(stoppedNanos - markNanos))
                .put("stop_to_ready_s", ready < 0 ? -1 : seconds(ready - markNanos));
        List<ReconnectingSession> held = all.subList(0, users.size());
        List<ReconnectingSession> back = held.stream().filter(s -> s.isLive() && s.authenticatedAt > markNanos).toList();
        long lastBack = back.stream().mapToLong(s -> s.authenticatedAt).max().orElse(backNanos);
        Latencies afterReady = new Latencies();
        if (ready > 0) {
            back.forEach(s -> afterReady.add((s.authenticatedAt - ready) / 1e6));
        }
        r.put("sessions_back", back.size()).put("sessions_not_back", held.size() - back.size())
                .put("ready_to_all_back_s", back.size() == held.size() && ready > 0 ? seconds(lastBack - ready) : -1)
                .put("stop_to_all_back_s", back.size() == held.size() ? seconds(lastBack - markNanos) : -1)
                .latencies("back_after_ready", afterReady)
                .put("watchers_back", count(s -> s.index >= users.size() && s.isLive() && s.authenticatedAt > markNanos))
                .put("sessions_lost", lost.get()).put("attempts", attempts.get())
                .put("attempts_to_back_p50", (long) attemptsToBack.summary()[1])
                .put("attempts_to_back_max", (long) attemptsToBack.summary()[4])
                .put("failed_before_ready", sum(failedBeforeReady)).put("failed_after_ready", sum(failedAfterReady))
                .put("failed_after_ready_1013", get(failedAfterReady, "refused 1013"))
                .put("failed_after_ready_timeout", get(failedAfterReady, "timed out"))
                .put("failed_after_ready_reasons", reasons(failedAfterReady))
                .put("failed_before_ready_reasons", reasons(failedBeforeReady))
                .latencies("storm_connect_auth", storm);
        tally.summary().into(r);
        r.put("snapshot_online_not_live", staleSnapshots.get());
        GhostCheck.run(restBase, all, r);
        if (nodes.size() > 1) {
            for (int n = 0; n < nodes.size(); n++) {
                int node = n;
                r.put("sessions_on_" + nodes.get(n).getAuthority(), count(s -> s.index < users.size() && s.isLive() && s.liveNode == node));
            }
        }
        r.put("loadavg_start", loadStart).put("loadavg_before_restart", loadBefore).put("loadavg_end", loadavg());
        d.phase("closing");
        all.forEach(ReconnectingSession::stop);
        TimeUnit.SECONDS.sleep(1);
        return r;
    }

    /** Watcher w's users: up to 1,000, spread so every user is watched when the watchers have room for all. */
    static List<String> sample(List<String> users, int w, int watchers) {
        int n = users.size();
        int per = Math.min(SUBSCRIPTION_MAX, n);
        long slots = (long) per * watchers;
        List<String> mine = new ArrayList<>(per);
        for (int j = 0; j < per; j++) {
            long s = (long) w * per + j;
            mine.add(users.get((int) (slots >= n ? s % n : s * n / slots)));
        }
        return mine;
    }

    private void ramp(List<ReconnectingSession> sessions) throws InterruptedException {
        long t0 = System.nanoTime();
        for (int i = 0; i < sessions.size(); i++) {
            Driver.pace(t0, i, o.rate());
            sessions.get(i).connect();
        }
    }

    private void awaitLive(Predicate<ReconnectingSession> back, Duration max) throws InterruptedException {
        Poll.until(() -> count(s -> s.isLive() && back.test(s)) >= all.size(), max, Duration.ofMillis(50));
    }

    private int count(Predicate<ReconnectingSession> p) {
        return (int) all.stream().filter(p).count();
    }

    /** Each second, one twentieth of the live sessions pings: every session once per 20 s, as clients do. */
    private void heartbeat(long tick) {
        for (int i = (int) (tick % 20); i < all.size(); i += 20) {
            all.get(i).send(Frames.PING);
        }
    }

    private void frame(ReconnectingSession s, String f) {
        int held = o.sessions();
        if (s.index >= held && (f.startsWith("{\"event\":\"presence-snapshot\"") || f.startsWith("{\"event\":\"user-status-change\""))) {
            tally.observeFrame(s.index - held, f);
            if (System.nanoTime() > markNanos && f.startsWith("{\"event\":\"presence-snapshot\"")) {
                WatchTally.forEachStatus(f, (user, isOnline) -> {
                    ReconnectingSession u = byUser.get(user);
                    if (isOnline && u != null && !u.isLive()) {
                        staleSnapshots.incrementAndGet();
                    }
                });
            }
            d.events.incrementAndGet();
        }
    }

    @Override
    public void authenticated(ReconnectingSession s, long startNanos, long authNanos, int tries, int node) {
        d.up.incrementAndGet();
        if (startNanos >= markNanos) {
            attempts.incrementAndGet();
            storm.add((authNanos - startNanos) / 1e6);
            if (s.index < o.sessions()) {
                attemptsToBack.add(tries);
            }
        } else {
            d.connect.add((authNanos - startNanos) / 1e6);
        }
        if (s.index >= o.sessions()) {
            s.send(subscribeFrames.get(s.index - o.sessions()));
        }
    }

    @Override
    public void attemptFailed(ReconnectingSession s, Throwable error) {
        d.failed.incrementAndGet();
        long now = System.nanoTime();
        if (now > markNanos) {
            attempts.incrementAndGet();
        }
        (now > readyNanos ? failedAfterReady : now > markNanos ? failedBeforeReady : failedRamp)
                .computeIfAbsent(ReconnectingSession.reason(error), k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void lost(ReconnectingSession s, int code) {
        d.up.decrementAndGet();
        lost.incrementAndGet();
    }

    private static String loadavg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e7) / 100.0;
    }

    private static long sum(Map<String, AtomicInteger> m) {
        return m.values().stream().mapToLong(AtomicInteger::get).sum();
    }

    private static long get(Map<String, AtomicInteger> m, String key) {
        AtomicInteger v = m.get(key);
        return v == null ? 0 : v.get();
    }

    private static String reasons(Map<String, AtomicInteger> m) {
        return m.isEmpty() ? "none" : m.entrySet().stream().sorted((a, b) -> b.getValue().get() - a.getValue().get())
                .map(e -> e.getKey() + " " + e.getValue().get()).collect(Collectors.joining(", "));
    }
}
