package dev.presence.status.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.presence.testing.RecordingConnection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A presence snapshot and the fan-out frames pushed while it is built reach the client in that order. */
class ClientSessionTest {

    private final RecordingConnection connection = new RecordingConnection();
    private final ClientSession session = new ClientSession("n1:1", connection, 0, new RateBucket(20, 40, 0), new ReplyBudget(1 << 18, 1 << 21, () -> 0L));

    @Test
    void aChangePushedWhileTheSnapshotIsBuiltFollowsTheSnapshot() {
        session.sendSnapshot(() -> {
            session.push("change");
            return "snapshot";
        });
        session.push("later");
        assertEquals(List.of("snapshot", "change", "later"), connection.frames);
    }

    @Test
    void framesHeldForASnapshotThatFailedStillGoOut() {
        assertThrows(IllegalStateException.class, () -> session.sendSnapshot(() -> {
            session.push("change");
            throw new IllegalStateException("database away");
        }));
        session.push("later");
        assertEquals(List.of("change", "later"), connection.frames);
    }

    @Test
    void framesPushedFromAnotherThreadAroundSnapshotsKeepTheirOrder() throws Exception {
        int pushes = 20_000;
        Thread pusher = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < pushes; i++) {
                session.push(Integer.toString(i));
            }
        });
        int snapshots = 0;
        while (pusher.isAlive()) {
            session.sendSnapshot(() -> "snapshot");
            snapshots++;
        }
        pusher.join();
        List<String> numbered = new ArrayList<>();
        for (String f : connection.frames) {
            if (!f.equals("snapshot")) {
                numbered.add(f);
            }
        }
        assertEquals(pushes, numbered.size());
        for (int i = 0; i < pushes; i++) {
            assertEquals(Integer.toString(i), numbered.get(i), "frame " + i + " out of order");
        }
        assertEquals(snapshots, connection.frames.size() - pushes);
    }
}
