package dev.presence.cli.simulate;

import dev.presence.cli.ServiceHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code presence simulate abuse}: what hostile or broken signed-in clients do, all at once, beside one
 * honest pair (a watcher and a user whose status changes twice a second):
 * <ul>
 * <li>stalled readers: stop reading, then ask again and again for 1,000-user snapshots (unsubscribing in
 * between, so each reply is 88 KB);</li>
 * <li>repeaters: read, and repeat large requests (the same 1,000-id subscription, the online list of 1,000,
 * the same join) just under the rate limit;</li>
 * <li>flooders: send 4,000-character messages with a fresh clientMessageId each, just under the rate limit;</li>
 * <li>connections that never authenticate, kept at a count, reopened (at a bounded rate) as the server
 * closes them;</li>
 * <li>passers (with {@code --passers}): fresh users who connect, authenticate and leave, and REST batch reads
 * of 1,000 fresh ids a second, for a run that takes many distinct users through a node.</li>
 * </ul>
 * It reports the server's live heap after a full collection before and after (once the abusers are gone
 * and {@code settle} has passed), whether the server stayed up, and how late the honest watcher heard.
 */
final class AbuseScenario {

    /** How much of each abuse; rates are per session and per second unless said otherwise. */
    record Load(int stalled, int repeaters, int flooders, int preauth, int preauthPerSecond, int passersPerSecond,
                Duration duration, Duration settle) {
    }

    /** Requests a session sends per second: under the default rate limit of 20. */
    private static final int PER_SECOND = 18;
    private static final int REST_IDS = 1000;

    private final Driver d;
    private final String prefix;
    private final Load load;
    private final ServerProbe server;
    private final String httpBase;
    private final ScheduledExecutorService ticks = Executors.newScheduledThreadPool(6, r -> {
        Thread t = new Thread(r, "abuse");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = ServiceHttp.client(Duration.ofSeconds(5));
    private final Latencies honest = new Latencies();
    private final Map<Integer, Long> changedAt = new ConcurrentHashMap<>();
    private final AtomicInteger changes = new AtomicInteger();
    private final AtomicLong messagesAcked = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();
    private final AtomicLong preauthOpened = new AtomicLong();
    private final Map<Integer, AtomicInteger> preauthCloses = new ConcurrentHashMap<>();
    /** The connections that never authenticate, to drop them at the end (their client must outlive them). */
    private final java.util.Set<WebSocket> preauthOpen = ConcurrentHashMap.newKeySet();
    private final HttpClient raw = HttpClient.newHttpClient();
    private final AtomicLong passers = new AtomicLong();
    private final AtomicLong restIds = new AtomicLong();
    private volatile boolean running = true;

    AbuseScenario(Driver d, String url, String prefix, Load load, ServerProbe server) {
        this.d = d;
        this.prefix = prefix;
        this.load = load;
        this.server = server;
        this.httpBase = url.split(",")[0].trim().replaceAll("/+$", "");
    }

    Report run() throws InterruptedException {
        long heapBefore = server.liveHeapAfterFullGc();
        d.phase("honest");
        LoadClient target = honestPair();
        d.phase("abusers");
        // CPU of the server and of this driver while the abusers run: they share the machine's cores
        ServerProbe driver = new ServerProbe(ProcessHandle.current().pid());
        java.time.Duration serverCpu = server.cpu();
        java.time.Duration driverCpu = driver.cpu();
        long abuseStarted = System.nanoTime();
        List<LoadClient> stalled = d.open(Driver.users(prefix + "-stalled", 0, load.stalled()), 200, (c, f) -> { });
        stalled.forEach(c -> c.paused = true);
        List<LoadClient> repeaters = d.open(Driver.users(prefix + "-repeater", 0, load.repeaters()), 200, (c, f) -> { });
        List<LoadClient> flooders = d.open(Driver.users(prefix + "-flooder", 0, load.flooders()), 200, this::countReplies);
        flooders.forEach(f -> f.send(Frames.join(prefix + "-flood-" + f.userId)));
        List<String> ghosts = Driver.users(prefix + "-ghost", 0, 1000);
        String subscribe = Frames.subscribe(ghosts);
        String unsubscribe = Frames.unsubscribe(ghosts);
        every(() -> stalled.forEach(c -> {
            c.send(unsubscribe);
            c.send(subscribe);
        }), PER_SECOND / 2);
        AtomicInteger turn = new AtomicInteger();
        List<String> repeated = List.of(subscribe, Frames.onlineUsers(1000), Frames.join(prefix + "-lobby"));
        every(() -> repeaters.forEach(c -> c.send(repeated.get(turn.incrementAndGet() % 3))), PER_SECOND);
        AtomicLong seq = new AtomicLong();
        String text = "x".repeat(4000);
        every(() -> flooders.forEach(c -> c.send(Frames.sendMessage(prefix + "-flood-" + c.userId, text,
                "m" + seq.incrementAndGet(), "f"))), PER_SECOND);
        Thread preauth = Thread.ofPlatform().daemon().name("abuse-preauth").start(this::holdUnauthenticated);
        if (load.passersPerSecond() > 0) {
            every(this::passBy, 1);
        }
        every(() -> changeStatus(target), 2);
        TimeUnit.MILLISECONDS.sleep(load.duration().toMillis());
        d.phase("settling");
        double abuseSeconds = (System.nanoTime() - abuseStarted) / 1e9;
        serverCpu = server.cpu().minus(serverCpu);
        driverCpu = driver.cpu().minus(driverCpu);
        running = false;
        ticks.shutdownNow();
        preauth.interrupt();
        preauthOpen.forEach(WebSocket::abort);
        TimeUnit.SECONDS.sleep(4); // the last status changes are on their way, and offline graces run out
        long stalledClosed = offline(stalled); // the server's view: a stalled reader's close frame waits behind its buffers
        stalled.forEach(c -> c.paused = false);
        Driver.closeAll(repeaters);
        Driver.closeAll(flooders);
        Driver.closeAll(stalled);
        TimeUnit.MILLISECONDS.sleep(load.settle().toMillis());
        long heapAfter = server.liveHeapAfterFullGc();
        long late = lateOver(1000);
        return new Report().put("scenario", "abuse").put("duration_s", load.duration().toSeconds())
                .put("server_up", server.alive() && live() ? "yes" : "NO")
                .put("server_live_heap_before_mb", mb(heapBefore)).put("server_live_heap_after_mb", mb(heapAfter))
                .put("server_live_heap_growth_mb", heapBefore < 0 || heapAfter < 0 ? -1 : mb(heapAfter - heapBefore))
                .put("server_rss_mb", mb(d.serverRss()))
                .put("abuse_wall_s", Math.round(abuseSeconds * 10) / 10.0)
                .put("server_cpu_s", Math.round(serverCpu.toMillis() / 100.0) / 10.0)
                .put("driver_cpu_s", Math.round(driverCpu.toMillis() / 100.0) / 10.0)
                .put("honest_changes", changes.get()).put("honest_missing", changedAt.size()).put("honest_late_over_1s", late)
                .latencies("honest_delivery", honest)
                .put("stalled_sessions", stalled.size()).put("stalled_closed_by_server", stalledClosed)
                .put("repeaters", repeaters.size()).put("flooders", flooders.size())
                .put("messages_acked", messagesAcked.get()).put("messages_refused_rate_limited", refusals.get())
                .put("preauth_opened", preauthOpened.get()).put("preauth_refused_1013", count(preauthCloses, 1013))
                .put("preauth_closed_4401", count(preauthCloses, 4401))
                .put("passing_users", passers.get()).put("rest_ids_read", restIds.get())
                .put("distinct_users", passers.get() + restIds.get() + stalled.size() + repeaters.size() + flooders.size() + 2);
    }

    /** A watcher subscribed to a target; the target's status changes are timed at the watcher. */
    private LoadClient honestPair() throws InterruptedException {
        String target = prefix + "-honest-target";
        LoadClient watcher = d.open(List.of(prefix + "-honest-watcher"), 10, (c, f) -> {
            if (f.startsWith("{\"event\":\"user-status-change\"") && f.contains("\"userId\":\"" + target + "\"")) {
                String marker = LoadClient.field(f, "statusText");
                Long at = marker == null || !marker.startsWith("change-") ? null
                        : changedAt.remove(Integer.parseInt(marker.substring(7)));
                if (at != null) {
                    honest.add((System.nanoTime() - at) / 1e6);
                    d.events.incrementAndGet();
                }
            }
        }).getFirst();
        watcher.send(Frames.subscribe(List.of(target)));
        return d.open(List.of(target), 10, (c, f) -> { }).getFirst();
    }

    private void changeStatus(LoadClient target) {
        int n = changes.incrementAndGet();
        changedAt.put(n, System.nanoTime());
        target.send(Frames.setStatus(n % 2 == 0 ? "available" : "busy", "change-" + n));
    }

    /** Changes not heard within {@code millis}, counting those never heard. */
    private long lateOver(double millis) {
        return changedAt.size() + honest.countOver(millis);
    }

    private void countReplies(LoadClient c, String frame) {
        if (frame.startsWith("{\"event\":\"message-ack\"")) {
            messagesAcked.incrementAndGet();
        } else if (frame.contains("\"code\":\"rate-limited\"")) {
            refusals.incrementAndGet();
        }
    }

    /**
     * Keeps {@code preauth} connections open that never authenticate, opening another as each is closed, at
     * most {@code preauthPerSecond} a second.
     */
    private void holdUnauthenticated() {
        Semaphore slots = new Semaphore(load.preauth());
        URI ws = Driver.webSocket(httpBase);
        long pace = 1_000_000_000L / load.preauthPerSecond();
        long next = System.nanoTime();
        while (running) {
            try {
                slots.acquire();
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                next = Math.max(next + pace, System.nanoTime() - 1_000_000_000L);
            } catch (InterruptedException e) {
                return;
            }
            preauthOpened.incrementAndGet();
            raw.newWebSocketBuilder().buildAsync(ws, new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                    preauthCloses.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
                    preauthOpen.remove(w);
                    slots.release();
                    return null;
                }

                @Override
                public void onError(WebSocket w, Throwable error) {
                    preauthOpen.remove(w);
                    slots.release();
                }
            }).orTimeout(10, TimeUnit.SECONDS).whenComplete((w, e) -> {
                if (e != null) {
                    slots.release();
                } else {
                    preauthOpen.add(w);
                }
            });
        }
    }

    /** Fresh users who connect, authenticate and leave, and one REST read of 1,000 fresh ids, each second. */
    private void passBy() {
        long first = passers.getAndAdd(load.passersPerSecond());
        List<String> ids = Driver.users(prefix + "-passer", (int) first, load.passersPerSecond());
        List<String> tokens = d.tokens(ids);
        for (int i = 0; i < ids.size(); i++) {
            LoadClient c = new LoadClient(ids.get(i), (x, f) -> { });
            c.start(http, d.endpoint(i), tokens.get(i), 10_000).whenComplete((t, e) -> c.close());
        }
        long from = restIds.getAndAdd(REST_IDS);
        List<String> strangers = Driver.users(prefix + "-reader", (int) from, REST_IDS);
        http.sendAsync(batchRead(strangers, tokens.getFirst()), HttpResponse.BodyHandlers.discarding());
    }

    private void every(Runnable task, int perSecond) {
        ticks.scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // a session closed meanwhile; the others go on
            }
        }, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
    }

    private boolean live() {
        HttpRequest live = HttpRequest.newBuilder(URI.create(httpBase + "/health/live")).timeout(Duration.ofSeconds(5)).build();
        return ServiceHttp.send(http, live).map(r -> r.statusCode() == 200).orElse(false);
    }

    /** How many of these sessions' users the server shows offline: their sessions were closed by it. */
    private long offline(List<LoadClient> sessions) {
        HttpRequest read = batchRead(sessions.stream().map(c -> c.userId).toList(), d.tokens(List.of(prefix + "-probe")).getFirst());
        return ServiceHttp.send(http, read).map(r -> r.body().split("\"isOnline\":false", -1).length - 1L).orElse(-1L);
    }

    /** {@code POST /api/user-status/batch} of these users. */
    private HttpRequest batchRead(List<String> userIds, String token) {
        return HttpRequest.newBuilder(URI.create(httpBase + "/api/user-status/batch")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(Frames.userIds(userIds))).build();
    }

    private static long count(Map<Integer, AtomicInteger> byCode, int code) {
        AtomicInteger n = byCode.get(code);
        return n == null ? 0 : n.get();
    }

    private static long mb(long bytes) {
        return bytes < 0 ? -1 : bytes / 1_048_576;
    }
}
