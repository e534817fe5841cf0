package dev.presence.store.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.presence.status.control.UserWrite;
import dev.presence.status.entity.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WriteBehindTest {

    private final WriteBehind queue = new WriteBehind();
    private final List<List<PendingUser>> flushed = new ArrayList<>();

    private static UserWrite write(String user, Status status, String add, String remove) {
        Instant t = Instant.parse("2026-11-27T21:30:00Z");
        return new UserWrite(user, true, status, null, t, t, add, remove);
    }

    @Test
    void manyChangesOfOneUserBecomeOneWriteWithTheLastValues() {
        for (Status s : Status.values()) {
            queue.write(write("alice", s, null, null));
        }
        queue.write(write("bob", Status.AWAY, null, null));
        assertEquals(2, queue.flush(flushed::add));
        assertEquals(1, flushed.size(), "one bulk write");
        PendingUser alice = flushed.get(0).stream().filter(p -> p.latest().userId().equals("alice")).findFirst().orElseThrow();
        assertEquals(Status.values()[Status.values().length - 1], alice.latest().status(), "the last of them");
        assertEquals(0, queue.depth());
        assertEquals(0, queue.flush(flushed::add), "nothing left to write");
    }

    @Test
    void aWriteThatCarriesNeitherFieldsNorASocketIsNotQueued() {
        queue.write(UserWrite.sockets("dave", Instant.parse("2026-11-27T21:30:00Z"), null, null));
        assertEquals(0, queue.depth());
        assertEquals(0, queue.flush(flushed::add), "no bulk write that would only set updatedAt");
    }

    @Test
    void aSocketThatStartsAndEndsWithinOneWindowNeverReachesTheDatabase() {
        queue.write(write("carol", Status.AVAILABLE, "n1:1", null));
        queue.write(write("carol", Status.AVAILABLE, null, "n1:1"));
        queue.flush(flushed::add);
        PendingUser carol = flushed.get(0).get(0);
        assertEquals(Set.of(), carol.added());
        assertEquals(Set.of(), carol.removed());
    }

    @Test
    void endedSocketsGoFirstAndStartedOnesInTheNextFlush() {
        queue.write(write("dave", Status.AVAILABLE, null, "n1:1"));
        queue.write(write("dave", Status.AVAILABLE, "n1:2", null));
        queue.flush(flushed::add);
        assertEquals(Set.of("n1:1"), flushed.get(0).get(0).removed());
        assertEquals(Set.of(), flushed.get(0).get(0).added(), "one write per user per flush: $pull now");
        queue.flush(flushed::add);
        assertEquals(Set.of("n1:2"), flushed.get(1).get(0).added(), "$addToSet next");
    }

    @Test
    void aFailedFlushKeepsEveryWriteUnderWhatCameMeanwhile() {
        queue.write(write("erin", Status.AWAY, "n1:1", null));
        assertThrows(IllegalStateException.class, () -> queue.flush(batch -> {
            assertEquals(1, queue.depth(), "a write being flushed is still queued until it lands");
            queue.write(write("erin", Status.BUSY, null, null)); // arrives while the database is away
            throw new IllegalStateException("database away");
        }));
        assertEquals(1, queue.depth());
        queue.flush(flushed::add);
        PendingUser erin = flushed.get(0).get(0);
        assertEquals(Status.BUSY, erin.latest().status(), "the newer value wins");
        assertEquals(Set.of("n1:1"), erin.added(), "the failed socket add is kept");
    }
}
