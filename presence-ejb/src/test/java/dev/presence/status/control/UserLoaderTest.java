package dev.presence.status.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.status.entity.Status;
import dev.presence.testing.Await;
import dev.presence.testing.MutableClock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UserLoaderTest {

    private final List<List<String>> queries = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch firstQueryStarted = new CountDownLatch(1);
    private final CountDownLatch releaseFirstQuery = new CountDownLatch(1);

    private final PresenceStore slowStore = new PresenceStore() {
        @Override
        public Map<String, StoredUser> load(Collection<String> ids) {
            queries.add(List.copyOf(ids));
            if (queries.size() == 1) {
                firstQueryStarted.countDown();
                await(releaseFirstQuery);
            }
            Map<String, StoredUser> found = new HashMap<>();
            ids.stream().filter(id -> id.startsWith("known")).forEach(id -> found.put(id, new StoredUser(Status.BUSY, id, null)));
            return found;
        }

        @Override
        public void write(UserWrite write) {
        }
    };

    @Test
    void callersArrivingDuringALoadShareTheNextOneAndAnIdIsNeverAskedTwice() throws Exception {
        UserLoader loader = new UserLoader(slowStore, new MutableClock(), 100, 60_000);
        Map<String, Map<String, StoredUser>> answers = new java.util.concurrent.ConcurrentHashMap<>();
        Thread first = Thread.ofPlatform().start(() -> answers.put("first", loader.load(List.of("known-1"))));
        assertTrue(firstQueryStarted.await(5, TimeUnit.SECONDS));
        List<Thread> waiting = new ArrayList<>();
        for (int i = 2; i <= 20; i++) {
            String id = "known-" + i;
            waiting.add(Thread.ofPlatform().start(() -> answers.put(id, loader.load(List.of(id, "known-1", "stranger")))));
        }
        Await.until(() -> loader.waiting() == 20, "19 callers' ids queued behind the first query");
        releaseFirstQuery.countDown();
        first.join(5_000);
        for (Thread t : waiting) {
            t.join(5_000);
        }
        assertEquals(2, queries.size(), "19 callers arriving meanwhile share one query: " + queries);
        assertEquals(20, queries.get(1).size(), "known-2..20 and stranger, not known-1 again: " + queries.get(1));
        assertEquals("known-7", answers.get("known-7").get("known-7").statusText());
        assertEquals("known-1", answers.get("known-7").get("known-1").statusText(), "an id loading already is shared");
        assertEquals(2, answers.get("known-7").size(), "the stranger is absent: never seen");
    }

    @Test
    void aFailedQueryFailsItsCallersAndTheNextCallTriesAgain() {
        int[] calls = {0};
        UserLoader loader = new UserLoader(new PresenceStore() {
            @Override
            public Map<String, StoredUser> load(Collection<String> ids) {
                if (calls[0]++ == 0) {
                    throw new IllegalStateException("database down");
                }
                return Map.of();
            }

            @Override
            public void write(UserWrite write) {
            }
        }, new MutableClock(), 100, 60_000);
        try {
            loader.load(List.of("a"));
        } catch (IllegalStateException expected) {
            assertEquals("database down", expected.getMessage());
        }
        assertEquals(Map.of(), loader.load(List.of("a")));
        assertEquals(2, calls[0]);
    }

    @Test
    void theNeverSeenCacheIsBoundedInEntries() {
        MutableClock clock = new MutableClock();
        UserLoader loader = new UserLoader(slowStore, clock, 100, 60_000);
        releaseFirstQuery.countDown();
        loader.load(java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "stranger-" + i).toList());
        assertEquals(100, loader.neverSeenSize());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
