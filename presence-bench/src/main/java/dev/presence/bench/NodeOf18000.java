package dev.presence.bench;

import dev.presence.chat.control.ChatSessions;
import dev.presence.status.control.ClientSession;
import dev.presence.status.control.Connection;
import dev.presence.status.control.Identity;
import dev.presence.status.control.PresenceMetrics;
import dev.presence.status.control.PresenceRegistry;
import dev.presence.status.control.PresenceSettings;
import dev.presence.status.control.PresenceStore;
import dev.presence.testing.MutableClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * A single node's registry holding 18,000 authenticated sessions of distinct users, with the chat rooms
 * listening, and connections that only count what they are sent: what the benchmarks run against.
 */
final class NodeOf18000 {

    static final int SESSIONS = 18_000;

    final MutableClock clock = new MutableClock();
    final PresenceRegistry registry;
    final List<ClientSession> sessions = new ArrayList<>(SESSIONS);
    final LongAdder framesSent = new LongAdder();

    /** Counts frames; a real connection would enqueue them on its bounded queue. */
    final class CountingConnection implements Connection {
        @Override
        public void send(String frame) {
            framesSent.increment();
        }

        @Override
        public void close(int code, String reason) {
        }
    }

    NodeOf18000(Map<String, String> settings) {
        registry = new PresenceRegistry(clock, PresenceSettings.from(settings::get), PresenceStore.NONE,
                PresenceMetrics.NONE, "bench-node");
        new ChatSessions(registry, clock);
        for (int i = 0; i < SESSIONS; i++) {
            sessions.add(connect("idle-" + i));
        }
    }

    ClientSession connect(String userId) {
        ClientSession s = registry.open(new CountingConnection()).orElseThrow();
        registry.authentication().authenticate(s, new Identity(userId, Set.of()), null);
        return s;
    }
}
