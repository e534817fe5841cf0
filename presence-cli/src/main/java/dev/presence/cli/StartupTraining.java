package dev.presence.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The first serve of a build trains the start-up cache before it starts the real server: a throwaway server
 * with the same JVM and flags records the cache while {@code presence simulate} drives a workload through it
 * (connects, authentication, subscriptions, statuses, typing, messages), so the cache's method profiles
 * (JEP 515) describe the hot paths and not only the boot. A cache recorded by an idle first run left a cold
 * node losing a connect storm (docs/PERFORMANCE.md, "Restarts").
 *
 * <p>The throwaway server shares nothing with the real one: its own embedded store, development key pair
 * and loopback port, in a directory of the data dir deleted afterwards; the application's configuration in
 * serve's environment (keys, webhooks, database) is not passed on to it. Serves that start together train once:
 * the others wait on a lock in the cache directory and then start from what the first one wrote.
 */
final class StartupTraining {

    /** What the throwaway server is put through, as {@code presence simulate} arguments (the URL and keys follow). */
    static final List<List<String>> WORKLOAD = List.of(
            List.of("simulate", "hold", "--sessions", "2000", "--rate", "200", "--hold", "2s"));
    /** Environment variables of the application's configuration, which the throwaway server must not inherit. */
    private static final List<String> APPLICATION_PREFIXES = List.of("MP_JWT_", "MP.JWT.", "PRESENCE_", "PRESENCE.", "JNOSQL_", "JNOSQL.");

    private final StartupCache caches;
    private final PrintWriter out;

    StartupTraining(StartupCache caches, PrintWriter out) {
        this.caches = caches;
        this.out = out;
    }

    /**
     * Trains the cache that {@code plan} records, with {@code commandOn(port, preBoot)}: the server's command
     * line on another port; returns the plan the real server starts with: from the cache, or without one
     * (the note says why).
     */
    StartupCache.Plan train(StartupCache.Plan plan, Path workDir, CommandFactory commandOn, Duration timeout) throws IOException {
        try (FileChannel lock = FileChannel.open(OwnerOnlyFiles.file(caches.directory().resolve("training.lock")), StandardOpenOption.WRITE);
             FileLock held = lock.lock()) {
            if (Files.isRegularFile(plan.cache())) {
                return StartupCache.Plan.from(plan.cache(), "started from " + plan.cache() + " (trained by another serve)");
            }
            out.println("presence: the first start of this build trains its start-up cache on a throwaway server"
                    + " (once per build, about a minute; --no-startup-cache skips it)");
            out.flush();
            long started = System.nanoTime();
            List<String> workload = new ArrayList<>();
            String failure = runThrowawayServer(plan, workDir, commandOn, timeout, workload);
            String kept = failure == null ? StartupCache.keep(plan, workDir.resolve("server.log")) : null;
            if (failure == null && Files.isRegularFile(plan.cache())) {
                OwnerOnlyFiles.deleteTree(workDir);
                return StartupCache.Plan.from(plan.cache(), String.format(Locale.ROOT,
                        "started from %s, trained on this start in %.0f s%s", plan.cache(), (System.nanoTime() - started) / 1e9,
                        workload.isEmpty() ? "" : " (the workload did not all go through: " + String.join("; ", workload) + ")"));
            }
            // what a recording left (the JVM's part file and its .config) is never used: gone now, not in 30 minutes
            Files.deleteIfExists(plan.recording());
            Files.deleteIfExists(plan.recording().resolveSibling(plan.recording().getFileName() + ".config"));
            return StartupCache.Plan.off("none: the training failed (" + (failure != null ? failure : kept)
                    + "); the next start trains again; its files are in " + workDir);
        }
    }

    /** The throwaway server's command line on {@code port} with the pre-boot commands in {@code preBoot}. */
    @FunctionalInterface
    interface CommandFactory {
        List<String> on(int port, Path preBoot);
    }

    /**
     * Null when the server became ready and stopped gracefully; else what went wrong. A scenario of the workload
     * that does not end well (a low open-file limit, say) adds a line to {@code workload} and the training goes
     * on: profiles of what did run still serve, and the cache of the boot is no worse than none.
     */
    private String runThrowawayServer(StartupCache.Plan plan, Path workDir, CommandFactory commandOn, Duration timeout,
            List<String> workload) throws IOException {
        OwnerOnlyFiles.deleteTree(workDir);
        OwnerOnlyFiles.directory(workDir);
        EmbeddedStore store = EmbeddedStore.start(workDir, 0);
        ServerProcess server = null;
        Thread cleanup = null;
        try {
            int port = freePort();
            Path preBoot = workDir.resolve("pre-boot.asadmin");
            OwnerOnlyFiles.write(preBoot, ServerCommandLine.PRE_BOOT_COMMANDS + Listeners.on(Listeners.LOOPBACK, true).preBootCommands());
            List<String> command = new ArrayList<>(commandOn.on(port, preBoot));
            command.addAll(1, plan.jvmFlags());
            server = ServerProcess.start(command, environment(workDir, store.uri()), workDir.resolve("server.log"),
                    workDir.resolve("tmp"), StartupTraining::isApplicationSetting);
            ServerProcess running = server;
            // a serve stopped while it trains leaves no server and no store behind
            cleanup = new Thread(() -> {
                running.stop(new PrintWriter(new StringWriter()));
                store.close();
            }, "presence-training-stop");
            Runtime.getRuntime().addShutdownHook(cleanup);
            String url = "http://" + Listeners.LOOPBACK + ":" + port;
            if (!new Readiness(URI.create(url + "/health/ready")).await(running::isAlive, timeout)) {
                return "the throwaway server did not become ready; see " + workDir.resolve("server.log");
            }
            for (List<String> scenario : WORKLOAD) {
                String failure = simulate(scenario, url, workDir);
                if (failure != null) {
                    workload.add(failure);
                }
            }
            server.stop(out);
            return running.isAlive() ? "the throwaway server did not stop" : null;
        } catch (Exception e) {
            return e.toString();
        } finally {
            if (server != null) {
                server.stop(out);
            }
            store.close();
            if (cleanup != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException stopping) {
                    // the hook is running or has run
                }
            }
        }
    }

    /** Runs one scenario of the workload against the throwaway server; null when it ended well. */
    private static String simulate(List<String> scenario, String url, Path workDir) {
        List<String> args = new ArrayList<>(scenario);
        args.addAll(List.of("--url", url, "--data-dir", workDir.toString(), "--prefix", "training", "--json"));
        StringWriter report = new StringWriter();
        StringWriter errors = new StringWriter();
        picocli.CommandLine cl = PresenceCommand.commandLine();
        cl.setOut(new PrintWriter(report));
        cl.setErr(new PrintWriter(errors));
        int code = cl.execute(args.toArray(String[]::new));
        if (code == ExitCode.OK) {
            return null;
        }
        String said = errors.toString().strip(); // the progress line, then the error
        return String.join(" ", scenario) + " exited with " + code + ": " + said.substring(Math.max(0, said.length() - 300));
    }

    /**
     * The throwaway server's configuration: development mode, as serve sets it up with nothing configured, on
     * the key pair of {@code workDir} (made there) and its own store, nothing else.
     */
    static Map<String, String> environment(Path workDir, String storeUri) throws Exception {
        Map<String, String> env = new HashMap<>();
        new SecurityMode(true, null, DevKeys.ISSUER).configure(workDir, new ConfigSources(new Properties(), Map.of()), env);
        env.put("JNOSQL_MONGODB_URL", storeUri);
        env.put(ConfigSources.envName("presence.node-name"), "startup-training");
        return env;
    }

    /** Whether an inherited environment variable is application configuration (left out of the throwaway server's). */
    static boolean isApplicationSetting(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return APPLICATION_PREFIXES.stream().anyMatch(upper::startsWith);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
