package dev.presence.cli.simulate;

import dev.presence.cli.DurationConverter;
import dev.presence.cli.ServiceHttp;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code presence simulate churn}: S sessions, each reconnecting every X s (staggered) for the duration. */
@Command(name = "churn", mixinStandardHelpOptions = true,
        description = "S sessions, each reconnecting every --interval (staggered by --seed) for --duration.")
final class ChurnCommand extends ScenarioCommand {

    @Option(names = "--interval", defaultValue = "10s", converter = DurationConverter.class,
            description = "Reconnect interval of each session (default ${DEFAULT-VALUE})")
    Duration interval;

    @Override
    Report run(Driver d) throws InterruptedException {
        int sessions = load.sessions;
        List<String> ids = Driver.users(load.prefix, 0, sessions);
        List<String> tokens = d.tokens(ids);
        Random random = new Random(load.seed);
        HttpClient http = ServiceHttp.client(Duration.ofSeconds(5));
        AtomicInteger reconnects = new AtomicInteger();
        List<LoadClient> current = new ArrayList<>(Collections.nCopies(sessions, (LoadClient) null));
        long end = System.nanoTime() + load.duration.toNanos();
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
                .put("duration_s", load.duration.toSeconds()).put("connects", reconnects.get())
                .put("sessions_failed", d.failed.get()).latencies("connect_auth", d.connect);
    }
}
