package dev.presence.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition instead of sleeping a guessed time. */
public final class Await {

    /** How often a condition in memory is looked at again: it is cheap to check. */
    private static final Duration OFTEN = Duration.ofMillis(2);

    private Await() {
    }

    /** Polls {@code condition} until it holds, failing the test after {@code timeout}. */
    public static void until(BooleanSupplier condition, Duration timeout, String what) {
        until(condition, timeout, OFTEN, what);
    }

    public static void until(BooleanSupplier condition, String what) {
        until(condition, Duration.ofSeconds(10), what);
    }

    /** The same, looking every {@code every}: for a condition that asks a server or reads a file. */
    public static void until(BooleanSupplier condition, Duration timeout, Duration every, String what) {
        if (!within(condition, timeout, every)) {
            throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
        }
    }

    /**
     * Polls {@code condition} every {@code every} until it holds or {@code timeout} has passed, and says
     * which: for a caller that then asserts on what it finds, with a message that shows it.
     */
    public static boolean within(BooleanSupplier condition, Duration timeout, Duration every) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
        return true;
    }
}
