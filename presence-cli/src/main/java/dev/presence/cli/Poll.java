package dev.presence.cli;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting for something to come true: checked, then checked again after a pause, until it is or the time is up. */
public final class Poll {

    private Poll() {
    }

    /**
     * Checks {@code done} every {@code every} until it is true (returns true) or {@code max} has passed
     * (returns false).
     */
    public static boolean until(BooleanSupplier done, Duration max, Duration every) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            TimeUnit.NANOSECONDS.sleep(every.toNanos());
        }
        return true;
    }
}
