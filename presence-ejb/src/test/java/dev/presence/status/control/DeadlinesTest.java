package dev.presence.status.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

    @Test
    void aTaskThatThrowsIsLoggedAndTheOthersOfItsBatchStillRun() {
        Deadlines deadlines = new Deadlines();
        List<String> ran = new ArrayList<>();
        deadlines.schedule(10, () -> ran.add("before"));
        deadlines.schedule(20, () -> {
            throw new IllegalStateException("a broken task");
        });
        deadlines.schedule(30, () -> ran.add("after: an expired grace"));
        deadlines.runDue(30);
        assertEquals(List.of("before", "after: an expired grace"), ran);
        assertEquals(0, deadlines.size());
    }
}
