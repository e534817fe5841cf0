package dev.presence.status.control;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.testing.MutableClock;
import dev.presence.testing.RecordingConnection;
import dev.presence.testing.Tab;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** One node's registry on a manual clock and a store in memory that counts its reads: the registry tests' fixture. */
final class RegistryFixture {

    final MutableClock clock = new MutableClock();
    final List<UserWrite> writes = new ArrayList<>();
    final Map<String, StoredUser> stored = new HashMap<>();
    /** Database reads, and the ids they asked for. */
    final AtomicInteger loads = new AtomicInteger();
    final List<String> loadedIds = new ArrayList<>();
    /** Runs once at the next database read, then no more. */
    Runnable atNextLoad = () -> { };
    final PresenceStore store = new PresenceStore() {
        @Override
        public Map<String, StoredUser> load(Collection<String> ids) {
            loads.incrementAndGet();
            loadedIds.addAll(ids);
            Runnable hook = atNextLoad;
            atNextLoad = () -> { };
            hook.run();
            Map<String, StoredUser> out = new HashMap<>();
            ids.forEach(id -> {
                if (stored.containsKey(id)) {
                    out.put(id, stored.get(id));
                }
            });
            return out;
        }

        @Override
        public void write(UserWrite w) {
            writes.add(w);
        }
    };
    PresenceRegistry registry;

    RegistryFixture() {
        this(Map.of());
    }

    /** A registry with these settings over the defaults. */
    RegistryFixture(Map<String, String> settings) {
        registry = new PresenceRegistry(clock, PresenceSettings.from(settings::get), store, PresenceMetrics.NONE, "n1");
    }

    Tab open() {
        RecordingConnection c = new RecordingConnection();
        return new Tab(registry.open(c).orElseThrow(), c);
    }

    Tab connect(String userId) {
        Tab t = Tab.signedIn(registry, userId);
        assertTrue(t.connection().frames.get(0).startsWith("{\"event\":\"authentication-success\""), t.connection().frames.toString());
        return t;
    }

    Tab watcher(String... userIds) throws Exception {
        Tab w = connect("watcher-" + userIds[0]);
        registry.subscriptions().subscribePresence(w.session(), List.of(userIds), null);
        w.connection().clear();
        return w;
    }

    void setStatusOf(Tab t, dev.presence.status.entity.Status status, String text) {
        registry.statusChanges().setStatus(t.session(), status, text);
    }

    void close(Tab t) {
        registry.ended(t.session());
    }

    void pass(Duration d) {
        clock.advance(d);
        registry.housekeeping().tick();
    }
}
