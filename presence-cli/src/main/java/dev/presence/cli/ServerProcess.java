package dev.presence.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Payara Micro process of {@code presence serve}, which must not outlive it however serve ends. Where
 * the system has util-linux's {@code setpriv} the server is started through it with a parent-death signal
 * (SIGKILL once serve is gone, even killed with SIGKILL). The server also watches serve's pid itself
 * ({@code presence.parent-pid}, see the application's ParentWatch): on a system without {@code setpriv},
 * and for a serve killed before the signal was armed, it ends itself within a second of noticing.
 *
 * <p>Linux sends the parent-death signal when the thread that started the child ends: serve starts the
 * server on its main thread, which waits for the server until serve ends.
 */
final class ServerProcess {

    private final Process process;
    private final Path log;
    private final Path tmpDir;
    private final boolean deathSignal;

    private ServerProcess(Process process, Path log, Path tmpDir, boolean deathSignal) {
        this.process = process;
        this.log = log;
        this.tmpDir = tmpDir;
        this.deathSignal = deathSignal;
    }

    /**
     * Starts {@code command} (a {@code java} command line) with {@code env}, its output in {@code log}
     * (owner-only) and its temporary files (Payara Micro unpacks itself there) in {@code tmpDir}, emptied
     * first of what a killed run left, and deleted when the server has stopped.
     */
    static ServerProcess start(List<String> command, Map<String, String> env, Path log, Path tmpDir) throws IOException {
        return start(command, env, log, tmpDir, name -> false);
    }

    /** As above, without the variables of serve's own environment that {@code notInherited} names. */
    static ServerProcess start(List<String> command, Map<String, String> env, Path log, Path tmpDir,
            java.util.function.Predicate<String> notInherited) throws IOException {
        OwnerOnlyFiles.emptyDirectory(tmpDir);
        OwnerOnlyFiles.file(log);
        Optional<String> setpriv = setpriv();
        List<String> full = new ArrayList<>();
        setpriv.ifPresent(s -> full.addAll(List.of(s, "--pdeathsig", "KILL", "--")));
        full.add(command.get(0));
        full.add("-Djava.io.tmpdir=" + tmpDir);
        full.addAll(command.subList(1, command.size()));
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(notInherited);
        pb.environment().putAll(env);
        pb.environment().put(ConfigSources.envName("presence.parent-pid"), Long.toString(ProcessHandle.current().pid()));
        Files.writeString(log, ""); // a fresh log for each run, in the file made owner-only above
        return new ServerProcess(pb.start(), log, tmpDir, setpriv.isPresent());
    }

    /** {@code setpriv} on the PATH, if it has {@code --pdeathsig} (util-linux 2.33 and later). */
    static Optional<String> setpriv() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "setpriv");
            if (Files.isExecutable(candidate) && supportsDeathSignal(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    private static boolean supportsDeathSignal(Path setpriv) {
        try {
            Process help = new ProcessBuilder(setpriv.toString(), "--help").redirectErrorStream(true).start();
            String text = new String(help.getInputStream().readAllBytes());
            return help.waitFor(5, TimeUnit.SECONDS) && text.contains("--pdeathsig");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    Path log() {
        return log;
    }

    /** What the banner says about how the server ends with serve. */
    String bond() {
        return deathSignal ? "it ends with this serve (setpriv --pdeathsig KILL)"
                : "no setpriv --pdeathsig here: the server ends itself within a second once this serve is gone";
    }

    /** SIGTERM (Payara undeploys: 1001 to clients, queue flushed, lease released), SIGKILL after 60 s. */
    void stop(PrintWriter out) {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    out.println("presence serve: the server did not stop within 60 s; killing it");
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!process.isAlive()) {
            try {
                OwnerOnlyFiles.deleteTree(tmpDir);
            } catch (IOException e) {
                // the next start of this node empties it
            }
        }
    }

    /** The end of the server's log, passwords redacted, for a start that failed. */
    void tail(PrintWriter err) {
        try {
            List<String> lines = Files.readAllLines(log);
            lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> err.println(Redaction.secrets(l)));
        } catch (IOException e) {
            // nothing to show
        }
        err.flush();
    }

    /**
     * The server's HTTP threads and those that run Presence, MongoDB driver or health check code (where a
     * readiness check that never answers waits), from the {@code jcmd} of the JDK running this command.
     */
    void threads(PrintWriter err) {
        Path jcmd = ProcessHandle.current().info().command().map(java -> Path.of(java).resolveSibling("jcmd")).orElse(null);
        if (jcmd == null || !Files.isExecutable(jcmd) || !process.isAlive()) {
            return;
        }
        try {
            Path out = Files.createTempFile("presence-threads", ".txt");
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!dump.waitFor(30, TimeUnit.SECONDS)) {
                dump.destroyForcibly();
            }
            String threads = Files.readString(out);
            Files.deleteIfExists(out);
            err.println("server threads (HTTP, health checks, Presence, MongoDB driver):");
            for (String thread : threads.split("\n\n")) {
                if (thread.contains("dev.presence") || thread.contains("com.mongodb") || thread.startsWith("\"http-")
                        || thread.contains("healthcheck")) {
                    err.println(thread);
                }
            }
        } catch (IOException e) {
            err.println("(no thread dump: " + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        err.flush();
    }
}
