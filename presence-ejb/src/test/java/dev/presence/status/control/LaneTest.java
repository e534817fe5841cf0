package dev.presence.status.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LaneTest {

    private final Lane lane = new Lane();

    @Test
    void aFreeLaneRunsTheTaskOnTheCallersThread() {
        Thread[] ranOn = new Thread[1];
        lane.run(() -> ranOn[0] = Thread.currentThread());
        assertEquals(Thread.currentThread(), ranOn[0]);
        assertTrue(lane.idle());
    }

    @Test
    void aTaskGivenFromATaskRunsAfterItNotInsideIt() {
        List<String> order = new ArrayList<>();
        lane.run(() -> {
            order.add("outer start");
            lane.run(() -> order.add("inner"));
            order.add("outer end");
        });
        assertEquals(List.of("outer start", "outer end", "inner"), order);
    }

    @Test
    void aThreadFindingTheLaneBusyLeavesItsTaskAndGoesOn() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        Thread owner = Thread.ofPlatform().start(() -> lane.run(() -> {
            running.countDown();
            await(release);
            order.add("first");
        }));
        assertTrue(running.await(5, TimeUnit.SECONDS));
        Thread[] ranOn = new Thread[1];
        lane.run(() -> {
            order.add("second");
            ranOn[0] = Thread.currentThread();
        });
        assertEquals(List.of(), order, "the caller did not wait for the running task");
        release.countDown();
        owner.join(5_000);
        assertEquals(List.of("first", "second"), order);
        assertEquals(owner, ranOn[0], "the running thread took the task left behind");
    }

    @Test
    void aTaskThatThrowsDoesNotStallTheOnesAfterIt() {
        List<String> order = new ArrayList<>();
        lane.run(() -> {
            lane.run(() -> {
                throw new IllegalStateException("boom");
            });
            lane.run(() -> order.add("after"));
        });
        assertEquals(List.of("after"), order);
        assertTrue(lane.idle());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
