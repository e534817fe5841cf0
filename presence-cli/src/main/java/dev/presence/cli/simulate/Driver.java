package dev.presence.cli.simulate;

import dev.presence.auth.control.TokenSigner;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;

/**
 * What every scenario needs: tokens minted before the ramp, sessions opened at a paced rate over one or
 * more source addresses, heartbeats, a live progress line on stderr, and the server's RSS.
 */
final class Driver implements AutoCloseable {

    /** The nodes' WebSocket endpoints: sessions go to them in turn. */
    private final List<URI> endpoints = new ArrayList<>();
    /** Where the fanout scenario's watched user connects. */
    URI target;
    private final TokenSigner signer;
    private final List<HttpClient> clients = new ArrayList<>();
    private final PrintWriter progress;
    private final long serverPid;
    final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "simulate-timer");
        t.setDaemon(true);
        return t;
    });
    final AtomicInteger up = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger events = new AtomicInteger();
    final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    final Latencies connect = new Latencies();
    private final long started = System.nanoTime();
    static final Duration HEARTBEAT = Duration.ofSeconds(20);
    /**
     * Every session opened through {@link #open}, pinged until it closes, in one of 20 slots: slot i is
     * pinged in second i of each heartbeat period.
     */
    private final List<Queue<LoadClient>> heartbeatSlots = new ArrayList<>();
    private final AtomicInteger opened = new AtomicInteger();
    private long heartbeatTicks;
    private volatile String phase = "starting";

    Driver(String url, TokenSigner signer, int localAddrs, long serverPid, PrintWriter progress) throws IOException {
        for (String one : url.split(",")) {
            endpoints.add(webSocket(one.trim()));
        }
        this.target = endpoints.get(0);
        this.signer = signer;
        this.serverPid = serverPid;
        this.progress = progress;
        if (localAddrs <= 0) {
            clients.add(HttpClient.newHttpClient());
        }
        for (int i = 0; i < localAddrs; i++) {
            clients.add(HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0." + (2 + i))).build());
        }
        timer.scheduleAtFixedRate(this::report, 1, 1, TimeUnit.SECONDS);
        for (int i = 0; i < HEARTBEAT.toSeconds(); i++) {
            heartbeatSlots.add(new ConcurrentLinkedQueue<>());
        }
        timer.scheduleAtFixedRate(this::heartbeat, 1, 1, TimeUnit.SECONDS);
    }

    static URI webSocket(String httpUrl) {
        return URI.create(httpUrl.replaceFirst("^http", "ws").replaceAll("/+$", "") + "/ws");
    }

    /** The endpoint of the i-th session. */
    URI endpoint(int i) {
        return endpoints.get(i % endpoints.size());
    }

    /** The HTTP client (source address) of the i-th session. */
    HttpClient client(int i) {
        return clients.get(i % clients.size());
    }

    /** The nodes' WebSocket endpoints, in the order of {@code --url}. */
    List<URI> endpoints() {
        return List.copyOf(endpoints);
    }

    /** A worker drives from one source address only. */
    void useAddressIndex(int index) throws IOException {
        clients.clear();
        clients.add(HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0." + (2 + index))).build());
    }

    /** Where fanout's watched user or failover's watchers connect, when given: the first {@code --url} otherwise. */
    void useTarget(String httpUrl) {
        if (httpUrl != null) {
            target = webSocket(httpUrl);
        }
    }

    void phase(String name) {
        phase = name;
    }

    /** The user ids {@code prefix-from} to {@code prefix-(from + count - 1)}. */
    static List<String> users(String prefix, int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> prefix + "-" + i).toList();
    }

    /** Sleeps until the i-th of a series started at {@code t0} (a System.nanoTime) at {@code perSecond} is due. */
    static void pace(long t0, long i, double perSecond) throws InterruptedException {
        long wait = t0 + (long) (i * 1e9 / perSecond) - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    List<String> tokens(List<String> userIds) {
        List<String> out = new ArrayList<>(userIds.size());
        Instant now = Instant.now();
        for (String u : userIds) {
            out.add(signer.sign(u, List.of(), Duration.ofHours(2), now));
        }
        return out;
    }

    /** Opens sessions at {@code rate} per second; failures are counted by reason, not thrown. */
    List<LoadClient> open(List<String> userIds, int rate, BiConsumer<LoadClient, String> onFrame) throws InterruptedException {
        List<String> tokens = tokens(userIds);
        List<LoadClient> sessions = new ArrayList<>(userIds.size());
        List<CompletableFuture<?>> pending = new ArrayList<>(userIds.size());
        long t0 = System.nanoTime();
        for (int i = 0; i < userIds.size(); i++) {
            pace(t0, i, rate);
            LoadClient c = new LoadClient(userIds.get(i), onFrame);
            sessions.add(c);
            heartbeatSlots.get(opened.getAndIncrement() % heartbeatSlots.size()).add(c);
            pending.add(c.start(clients.get(i % clients.size()), endpoint(i), tokens.get(i), 30_000).whenComplete((nanos, error) -> {
                if (error == null) {
                    up.incrementAndGet();
                    connect.add(nanos / 1e6);
                } else {
                    fail(error);
                }
            }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        return sessions;
    }

    void fail(Throwable error) {
        failed.incrementAndGet();
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        String reason = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage().split("\n")[0]);
        failures.computeIfAbsent(reason.length() > 80 ? reason.substring(0, 80) : reason, k -> new AtomicInteger()).incrementAndGet();
    }

    /**
     * Pings every session it opened every 20 s, as real clients do, from the moment each is open: a ramp
     * longer than the server's 60 s session timeout must not lose its first sessions to 4408. Each second
     * pings one twentieth of them, as clients that connected at different times would: pinging all at
     * once sent 16,000 frames to a node within a second, which no real population of clients does.
     */
    private void heartbeat() {
        Queue<LoadClient> slot = heartbeatSlots.get((int) (heartbeatTicks++ % heartbeatSlots.size()));
        slot.removeIf(s -> s.closed.isDone() || s.authenticated.isCompletedExceptionally());
        for (LoadClient s : slot) {
            if (s.isOpen()) {
                try {
                    s.send(Frames.PING);
                } catch (RuntimeException closing) {
                    // closed meanwhile; an exception here would cancel the timer and every later ping
                }
            }
        }
    }

    /** The server's resident set in bytes, or -1 without {@code --server-pid}. */
    long serverRss() {
        return serverRss(serverPid);
    }

    /** The resident set in bytes of the process {@code serverPid}, or -1 without one. */
    static long serverRss(long serverPid) {
        if (serverPid <= 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + serverPid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone or not Linux
        }
        return -1;
    }

    private void report() {
        double s = (System.nanoTime() - started) / 1e9;
        long rss = serverRss();
        progress.printf("\r[%5.0fs] %-10s sessions up %6d  failed %5d  events %8d%s   ", s, phase, up.get(), failed.get(),
                events.get(), rss > 0 ? String.format("  server RSS %.0f MB", rss / 1048576.0) : "");
        progress.flush();
    }

    static void closeAll(List<LoadClient> sessions) {
        sessions.forEach(LoadClient::close);
    }

    @Override
    public void close() {
        report();
        progress.println();
        progress.flush();
        timer.shutdownNow();
    }
}
