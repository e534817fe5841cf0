package dev.presence.bench;

import dev.presence.status.control.ClientSession;
import dev.presence.status.control.SubscriptionLimitException;
import dev.presence.status.entity.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The registry's hot paths on a node holding 18,000 sessions: a session's whole life (open, authenticate,
 * end: the user's online and offline transitions), and a status change fanned out to 1,000 watchers.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class RegistryBenchmarks {

    private NodeOf18000 node;
    private ClientSession star;
    private int round;

    @Setup(Level.Trial)
    public void setUp() throws SubscriptionLimitException {
        // no grace: every session's end is the user's offline transition, so each op runs both transitions
        node = new NodeOf18000(Map.of("presence.offline-grace-ms", "0", "presence.max-sessions", "100000"));
        star = node.connect("star");
        for (int i = 0; i < 1000; i++) {
            node.registry.subscriptions().subscribePresence(node.sessions.get(i * 17), List.of("star"), null);
        }
    }

    /** open + authenticate (online, fanned out) + end (offline, fanned out) of a user with one session. */
    @Benchmark
    public void sessionLifecycle() {
        ClientSession s = node.connect("visitor-" + (round++ & 1023));
        node.registry.ended(s);
        if ((round & 1023) == 0) {
            node.clock.advance(Duration.ofMinutes(1));
            node.registry.housekeeping().tick(); // authentication deadlines of these sessions fall due and are dropped
        }
    }

    /** One status change: audience computed, frame encoded once, queued to 1,000 watchers and the user. */
    @Benchmark
    public void statusChangeTo1000WatchersAmong18000() {
        node.registry.statusChanges().setStatus(star, (round++ & 1) == 0 ? Status.AWAY : Status.AVAILABLE, "in the bench");
    }
}
