package dev.presence.status.control;

import java.util.ArrayDeque;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one key's tasks (a user's, a chat session's) one at a time, in the order they were given, on
 * whichever thread gives a task while none is running: the Phoenix.Tracker way of keeping each key's
 * changes serial without a global lock. It is not a lock: a thread that finds the lane busy leaves its task
 * and goes on, and the running thread takes it next. So a task may send to other sessions, close them, or
 * call the data grid or the database, and nobody waits for it on a monitor meanwhile.
 * <p>
 * A task given from inside a task of the same lane runs after it, never nested. Nothing may wait inside a
 * task for another task of the same lane.
 */
public final class Lane {

    private static final Logger LOG = Logger.getLogger(Lane.class.getName());

    /** Tasks given while one was running; created on first need (most lanes never queue). Guarded by this. */
    private ArrayDeque<Runnable> waiting;
    private boolean running;

    /** Runs {@code task} now on this thread if the lane is free, else after the tasks given before it. */
    public void run(Runnable task) {
        synchronized (this) {
            if (running) {
                if (waiting == null) {
                    waiting = new ArrayDeque<>(4);
                }
                waiting.add(task);
                return;
            }
            running = true;
        }
        Runnable next = task;
        try {
            while (next != null) {
                try {
                    next.run();
                } catch (RuntimeException e) {
                    // one failed task must not stall the key for good: the ones after it still run
                    LOG.log(Level.WARNING, "a presence task failed; the lane goes on with the next", e);
                }
                next = poll();
            }
        } finally {
            if (next != null) {
                release(); // an Error escaped a task: the tasks waiting run at the next call
            }
        }
    }

    private synchronized Runnable poll() {
        Runnable next = waiting == null ? null : waiting.poll();
        if (next == null) {
            running = false;
            waiting = null;
        }
        return next;
    }

    /** After an Error: the waiting tasks stay, for the next caller to run. */
    private synchronized void release() {
        running = false;
    }

    /** Nothing queued or running: no change of this key is under way. */
    public synchronized boolean idle() {
        return !running && (waiting == null || waiting.isEmpty());
    }
}
