package dev.presence.cli.simulate;

import dev.presence.cli.Poll;
import dev.presence.cli.ServiceHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/** The scripted loads of {@code presence simulate}. Each returns its figures; none asserts anything. */
final class Scenarios {

    private Scenarios() {
    }

    static List<String> users(String prefix, int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> prefix + "-" + i).toList();
    }

    /** N sessions opened at a rate, heartbeating, held, then closed. */
    static Report hold(Driver d, String prefix, int first, int sessions, int rate, Duration hold) throws InterruptedException {
        long rssBefore = d.serverRss();
        d.phase("ramp");
        List<LoadClient> open = d.open(users(prefix, first, sessions), rate, (c, f) -> d.events.incrementAndGet());
        d.phase("hold");
        TimeUnit.MILLISECONDS.sleep(hold.toMillis());
        long rssHeld = d.serverRss();
        d.phase("closing");
        Driver.closeAll(open);
        Report r = new Report().put("scenario", "hold").put("sessions_requested", sessions)
                .put("sessions_established", d.up.get()).put("sessions_failed", d.failed.get())
                .latencies("connect_auth", d.connect);
        if (rssBefore > 0) {
            r.put("server_rss_before_mb", rssHeld < 0 ? -1 : rssBefore / 1048576)
                    .put("server_rss_held_mb", rssHeld / 1048576)
                    .put("bytes_per_session", d.up.get() == 0 ? 0 : (rssHeld - rssBefore) / d.up.get());
        }
        return r;
    }

    /**
     * W watchers subscribed to a target that comes online, changes status and goes offline R times. Each
     * watcher must see each of the three changes once: anything else is missing or duplicated.
     */
    static Report fanout(Driver d, String prefix, int watchers, int rounds, int background, int rate) throws InterruptedException {
        String target = prefix + "-target";
        Latencies online = new Latencies();
        Latencies status = new Latencies();
        Latencies offline = new Latencies();
        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        AtomicLong markNanos = new AtomicLong();
        AtomicInteger round = new AtomicInteger();
        d.phase("ramp");
        if (background > 0) {
            d.open(users(prefix + "-idle", 0, background), rate, (c, f) -> { });
        }
        List<LoadClient> ws = d.open(users(prefix + "-watcher", 0, watchers), rate, (c, f) -> {
            if (!f.startsWith("{\"event\":\"user-status-change\"") || !f.contains("\"userId\":\"" + target + "\"")) {
                return;
            }
            double ms = (System.nanoTime() - markNanos.get()) / 1e6;
            String kind = f.contains("\"isOnline\":false") ? "offline"
                    : f.contains("\"statusText\":\"round-" + round.get() + "\"") ? "status" : "online";
            seen.computeIfAbsent(c.userId + "/" + round.get() + "/" + kind, k -> new AtomicInteger()).incrementAndGet();
            d.events.incrementAndGet();
            (kind.equals("offline") ? offline : kind.equals("status") ? status : online).add(Math.max(0, ms));
        });
        String subscribe = Frames.subscribe(List.of(target));
        for (LoadClient w : ws) {
            w.send(subscribe);
        }
        TimeUnit.SECONDS.sleep(1);
        String token = d.tokens(List.of(target)).get(0);
        java.net.http.HttpClient http = ServiceHttp.client(Duration.ofSeconds(5));
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
            waitFor(seen, watchers, r, "online", Duration.ofSeconds(5));
            markNanos.set(System.nanoTime());
            t.send(Frames.setStatus("away", "round-" + r));
            waitFor(seen, watchers, r, "status", Duration.ofSeconds(5));
            markNanos.set(System.nanoTime());
            t.close();
            waitFor(seen, watchers, r, "offline", Duration.ofSeconds(15));
        }
        d.phase("closing");
        Driver.closeAll(ws);
        long expected = (long) watchers * rounds * 3;
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
                .put("background_sessions", background).put("sessions_established", d.up.get())
                .put("sessions_failed", d.failed.get()).latencies("connect_auth", d.connect)
                .latencies("fanout_status", status).latencies("fanout_online", online).latencies("fanout_offline", offline)
                .put("events_expected", expected).put("events_missing", missing).put("events_duplicated", duplicated);
    }

    private static void waitFor(Map<String, AtomicInteger> seen, int watchers, int round, String kind, Duration max)
            throws InterruptedException {
        String suffix = "/" + round + "/" + kind;
        Poll.until(() -> seen.keySet().stream().filter(k -> k.endsWith(suffix)).count() >= watchers, max, Duration.ofMillis(10));
    }

    /**
     * N sessions on the node to kill (the first {@code --url}), one watcher per 1,000 of them on another
     * node ({@code --target-url}); the node's server process is SIGKILLed and the watchers must see each
     * user go offline once. Reports the time from the kill to the first and to the last offline event.
     */
    static Report failover(Driver d, String prefix, int sessions, long killPid, int rate) throws InterruptedException {
        List<String> victims = users(prefix + "-victim", 0, sessions);
        Map<String, AtomicInteger> offline = new ConcurrentHashMap<>();
        Latencies sinceKill = new Latencies();
        AtomicLong killedAt = new AtomicLong();
        d.phase("ramp");
        d.open(victims, rate, (c, f) -> { });
        int watchers = (sessions + 999) / 1000;
        List<LoadClient> ws = new ArrayList<>();
        java.net.http.HttpClient http = ServiceHttp.client(Duration.ofSeconds(5));
        List<String> tokens = d.tokens(users(prefix + "-watcher", 0, watchers));
        for (int w = 0; w < watchers; w++) {
            LoadClient watcher = new LoadClient(prefix + "-watcher-" + w, (c, f) -> {
                if (f.startsWith("{\"event\":\"user-status-change\"") && f.contains("\"isOnline\":false") && killedAt.get() > 0) {
                    String user = LoadClient.field(f, "userId");
                    if (offline.computeIfAbsent(user, k -> new AtomicInteger()).incrementAndGet() == 1) {
                        sinceKill.add((System.nanoTime() - killedAt.get()) / 1e6);
                    }
                    d.events.incrementAndGet();
                }
            });
            watcher.start(http, d.target, tokens.get(w), 30_000).join();
            List<String> mine = victims.subList(w * 1000, Math.min(sessions, (w + 1) * 1000));
            watcher.send(Frames.subscribe(mine));
            ws.add(watcher);
        }
        TimeUnit.SECONDS.sleep(2);
        d.phase("kill");
        killedAt.set(System.nanoTime());
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

    /** M members of one chat session exchange K messages at a rate; every other member must get each once. */
    static Report room(Driver d, String prefix, int members, int messages, int msgRate, int rate) throws InterruptedException {
        String room = prefix + "-room";
        long[] sentAt = new long[messages];
        Latencies delivery = new Latencies();
        Map<String, AtomicInteger> got = new ConcurrentHashMap<>();
        AtomicInteger joined = new AtomicInteger();
        AtomicInteger acked = new AtomicInteger();
        d.phase("ramp");
        List<LoadClient> ms = d.open(users(prefix + "-member", 0, members), rate, (c, f) -> {
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
            long wait = t0 + (long) (i * 1e9 / msgRate) - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            LoadClient sender = ms.get(i % ms.size());
            sentAt[i] = System.nanoTime();
            sender.send(Frames.sendMessage(room, "m-" + i, prefix + "-" + i, null));
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

    /** S sessions, each reconnecting every X s (staggered) for the duration. */
    static Report churn(Driver d, String prefix, int sessions, Duration interval, Duration duration, long seed)
            throws InterruptedException {
        List<String> ids = users(prefix, 0, sessions);
        List<String> tokens = d.tokens(ids);
        Random random = new Random(seed);
        java.net.http.HttpClient http = ServiceHttp.client(Duration.ofSeconds(5));
        AtomicInteger reconnects = new AtomicInteger();
        List<LoadClient> current = new ArrayList<>(java.util.Collections.nCopies(sessions, (LoadClient) null));
        long end = System.nanoTime() + duration.toNanos();
        d.phase("churn");
        for (int i = 0; i < sessions; i++) {
            int idx = i;
            long offset = (long) (random.nextDouble() * interval.toMillis());
            d.timer.scheduleAtFixedRate(() -> {
                if (System.nanoTime() > end) {
                    return;
                }
                LoadClient old = current.get(idx);
                if (old != null) {
                    old.close();
                }
                LoadClient c = new LoadClient(ids.get(idx), (s, f) -> d.events.incrementAndGet());
                current.set(idx, c);
                c.start(http, d.endpoint(idx), tokens.get(idx), 30_000).whenComplete((nanos, error) -> {
                    if (error == null) {
                        reconnects.incrementAndGet();
                        d.up.incrementAndGet();
                        d.connect.add(nanos / 1e6);
                    } else {
                        d.fail(error);
                    }
                });
            }, offset, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        TimeUnit.NANOSECONDS.sleep(Math.max(0, end - System.nanoTime()));
        d.phase("closing");
        current.forEach(c -> {
            if (c != null) {
                c.close();
            }
        });
        return new Report().put("scenario", "churn").put("sessions", sessions).put("interval_s", interval.toSeconds())
                .put("duration_s", duration.toSeconds()).put("connects", reconnects.get()).put("sessions_failed", d.failed.get())
                .latencies("connect_auth", d.connect);
    }

    /**
     * U users with 1-3 tabs each who, on a random schedule fixed by the seed, change status, type and send
     * messages in a few shared chat sessions. Every message must be acknowledged once; no error may come back.
     */
    static Report mixed(Driver d, String prefix, int usersCount, Duration duration, int actionsPerSecond, long seed, int rate)
            throws InterruptedException {
        Random random = new Random(seed);
        List<String> tabsOf = new ArrayList<>();
        for (String u : users(prefix, 0, usersCount)) {
            int tabs = 1 + random.nextInt(3);
            for (int t = 0; t < tabs; t++) {
                tabsOf.add(u);
            }
        }
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger acks = new AtomicInteger();
        AtomicInteger joined = new AtomicInteger();
        d.phase("ramp");
        List<LoadClient> tabs = d.open(tabsOf, rate, (c, f) -> {
            d.events.incrementAndGet();
            if (f.startsWith("{\"event\":\"error\"")) {
                errors.incrementAndGet();
            } else if (f.startsWith("{\"event\":\"message-ack\"")) {
                acks.incrementAndGet();
            } else if (f.startsWith("{\"event\":\"chat-session-joined\"")) {
                joined.incrementAndGet();
            }
        });
        int rooms = Math.max(1, usersCount / 50);
        for (int i = 0; i < tabs.size(); i++) {
            tabs.get(i).send(Frames.join(prefix + "-room-" + (i % rooms)));
        }
        Poll.until(() -> joined.get() >= d.up.get(), Duration.ofSeconds(30), Duration.ofMillis(20));
        d.phase("mixed");
        String[] statuses = {"available", "away", "busy", "dnd"};
        int statusChanges = 0;
        int typing = 0;
        int sent = 0;
        long t0 = System.nanoTime();
        long end = t0 + duration.toNanos();
        for (long i = 0; System.nanoTime() < end; i++) {
            long wait = t0 + (long) (i * 1e9 / actionsPerSecond) - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int idx = random.nextInt(tabs.size());
            LoadClient tab = tabs.get(idx);
            String room = prefix + "-room-" + (idx % rooms);
            int action = random.nextInt(10);
            if (action < 2) {
                tab.send(Frames.setStatus(statuses[random.nextInt(4)], "t" + i));
                statusChanges++;
            } else if (action < 6) {
                tab.send(Frames.typingStart(room));
                typing++;
            } else {
                tab.send(Frames.sendMessage(room, "hi " + i, prefix + "-" + i, null));
                sent++;
            }
        }
        int sentCount = sent;
        Poll.until(() -> acks.get() >= sentCount, Duration.ofSeconds(10), Duration.ofMillis(20));
        d.phase("closing");
        Driver.closeAll(tabs);
        return new Report().put("scenario", "mixed").put("users", usersCount).put("tabs", tabs.size())
                .put("sessions_established", d.up.get()).put("sessions_failed", d.failed.get())
                .put("status_changes", statusChanges).put("typing_starts", typing).put("messages_sent", sent)
                .put("messages_acked", acks.get()).put("acks_missing", Math.max(0, sent - acks.get()))
                .put("errors", errors.get()).put("events_received", d.events.get()).latencies("connect_auth", d.connect);
    }
}
