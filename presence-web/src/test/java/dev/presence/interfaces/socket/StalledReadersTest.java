package dev.presence.interfaces.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.presence.chat.control.ChatSessions;
import dev.presence.chat.control.NotAMemberException;
import dev.presence.status.control.ClientSession;
import dev.presence.status.control.CloseCodes;
import dev.presence.status.control.Identity;
import dev.presence.status.control.PresenceMetrics;
import dev.presence.status.control.PresenceRegistry;
import dev.presence.status.control.PresenceSettings;
import dev.presence.status.control.PresenceStore;
import dev.presence.status.entity.Status;
import dev.presence.testing.Await;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Two users who watch each other and share a chat session both stop reading while they change status in a
 * loop. Each fan-out fills the other's queue until it is closed, and a close runs the closed session's end
 * (as Tyrus's {@code @OnClose} does, on the closing thread), which reaches the other user. With a lock held
 * across that, the two loops deadlock; without, both finish and both sessions are closed with 1008.
 */
class StalledReadersTest {

    private final ExecutorService senders = Executors.newFixedThreadPool(2);
    private final PresenceRegistry registry = new PresenceRegistry(Clock.systemUTC(),
            PresenceSettings.from(Map.of("presence.rate-limit", "100000", "presence.rate-burst", "100000")::get),
            PresenceStore.NONE, PresenceMetrics.NONE, "n1");
    private final ChatSessions rooms = new ChatSessions(registry, Clock.systemUTC());

    @AfterEach
    void stop() {
        senders.shutdownNow();
    }

    /** A peer that reads nothing: its first write never completes, so every later frame queues. */
    private static final class StalledPeer implements OutboundQueue.Sink {
        volatile int closeCode;
        volatile Runnable onClose = () -> { };

        @Override
        public boolean writesSeveral() {
            return true;
        }

        @Override
        public void send(List<String> frames, Consumer<Throwable> done) {
            // never completes
        }

        @Override
        public void close(int code, String reason) {
            if (closeCode == 0) {
                closeCode = code;
            }
            onClose.run(); // Tyrus runs @OnClose on the thread that closes the session
        }
    }

    private record Peer(ClientSession session, StalledPeer transport) {
    }

    private Peer connect(String userId) {
        StalledPeer transport = new StalledPeer();
        OutboundQueue queue = new OutboundQueue(transport, 1024, 16 * 1024, senders, System::currentTimeMillis);
        ClientSession s = registry.open(new TyrusConnection(queue)).orElseThrow();
        transport.onClose = () -> registry.ended(s);
        registry.authentication().authenticate(s, new Identity(userId, Set.of()), null);
        return new Peer(s, transport);
    }

    @RepeatedTest(200)
    void twoStalledReadersWatchingEachOtherAreBothClosedWithoutADeadlock() throws Exception {
        Peer alice = connect("alice");
        Peer bob = connect("bob");
        registry.subscriptions().subscribePresence(alice.session(), List.of("bob"), null);
        registry.subscriptions().subscribePresence(bob.session(), List.of("alice"), null);
        rooms.join(alice.session(), "room", null);
        rooms.join(bob.session(), "room", null);
        Thread a = Thread.ofPlatform().name("alice-loop").start(() -> changeInALoop(alice));
        Thread b = Thread.ofPlatform().name("bob-loop").start(() -> changeInALoop(bob));
        a.join(Duration.ofSeconds(20));
        b.join(Duration.ofSeconds(20));
        assertEquals(false, a.isAlive() || b.isAlive(), "the loops are stuck: a deadlock");
        Await.until(() -> alice.transport().closeCode != 0 && bob.transport().closeCode != 0, "both closed");
        assertEquals(CloseCodes.POLICY, alice.transport().closeCode);
        assertEquals(CloseCodes.POLICY, bob.transport().closeCode);
        Await.until(() -> registry.reads().sessionCount() == 0, "both sessions ended");
    }

    private void changeInALoop(Peer p) {
        for (int i = 0; i < 2_000 && !p.session().hasEnded(); i++) {
            registry.statusChanges().setStatus(p.session(), i % 2 == 0 ? Status.BUSY : Status.AVAILABLE, "round " + i);
            try {
                rooms.typingStart(p.session(), "room");
                rooms.typingStop(p.session(), "room");
            } catch (NotAMemberException ended) {
                return;
            }
        }
    }
}
