package dev.presence.status.boundary;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Ends this server when the {@code presence serve} that started it is gone, so that no server is left
 * holding the port after its serve was killed. {@code serve} also starts the server with a parent-death
 * signal (SIGKILL) where the system has {@code setpriv}; this watch covers a system without it, and a serve
 * killed before that signal was armed, and ends the process the same way: at once, as the store a serve
 * embeds died with it. Off unless {@code presence.parent-pid} is set (serve sets it).
 */
public final class ParentWatch implements Runnable {

    public static final String KEY = "presence.parent-pid";
    static final Duration EVERY = Duration.ofMillis(250);
    private static final Logger LOG = Logger.getLogger(ParentWatch.class.getName());

    private final ProcessHandle parent;
    private final Duration every;
    private final Runnable onGone;

    ParentWatch(ProcessHandle parent, Duration every, Runnable onGone) {
        this.parent = parent;
        this.every = every;
        this.onGone = onGone;
    }

    /** Starts the watch on a daemon thread of {@code threads} when {@code presence.parent-pid} is set. */
    public static void startIfConfigured(Function<String, String> config, ThreadFactory threads) {
        Optional<ProcessHandle> parent = parent(config.apply(KEY));
        if (parent == null) {
            return;
        }
        Runnable stop = () -> stopThisProcess(config.apply(KEY));
        if (parent.isEmpty() || !parent.get().isAlive()) {
            stop.run();
            return;
        }
        Thread t = threads.newThread(new ParentWatch(parent.get(), EVERY, stop));
        t.setName("presence-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    /** The process named by the setting: null when it is not set, empty when no such process runs. */
    static Optional<ProcessHandle> parent(String setting) {
        if (setting == null || setting.isBlank()) {
            return null;
        }
        try {
            return ProcessHandle.of(Long.parseLong(setting.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(KEY + " must be a process id, got " + setting, e);
        }
    }

    @Override
    public void run() {
        try {
            while (alive(parent)) {
                Thread.sleep(every.toMillis());
            }
        } catch (InterruptedException e) {
            return; // the server is stopping anyway
        }
        onGone.run();
    }

    /**
     * Whether the process runs: {@link ProcessHandle#isAlive()} tells a reused pid apart by its start time,
     * but counts a zombie (killed, not yet reaped by its parent) as alive, and reaping can take seconds.
     */
    static boolean alive(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(process.pid()), "stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0); // after "pid (name) "
            return state != 'Z' && state != 'X';
        } catch (java.io.IOException | RuntimeException e) {
            return process.isAlive(); // no /proc here
        }
    }

    private static void stopThisProcess(String pid) {
        LOG.severe(() -> "the presence serve that started this server (pid " + pid + ") is gone: ending this server now");
        try {
            Thread.sleep(200); // the log is written behind
        } catch (InterruptedException e) {
            // end now
        }
        Runtime.getRuntime().halt(1);
    }
}
