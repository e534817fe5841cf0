package dev.presence.cli.simulate;

import dev.presence.cli.Poll;
import dev.presence.cli.Readiness;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node {@code simulate restart} stops and starts again. Either the scenario owns it: it runs
 * {@code presence serve --port P --data-dir D} itself (this CLI's own java and class path), stops it with
 * SIGTERM to serve (its normal stop: 1001 to clients, writes flushed, lease released) or kills its server
 * process with SIGKILL (serve then closes the store and exits), and starts it again. Or the node is
 * someone else's ({@code --server-pid}, e.g. a node of a cluster): the scenario signals that pid and runs
 * {@code --restart-command} with {@code sh -c} to start it again.
 */
final class RestartNode implements AutoCloseable {

    private static final Pattern SERVER_PID = Pattern.compile("server pid (\\d+)");
    private final String httpBase;
    private final int port;
    private final Path dataDir;
    private final Path log;
    private final String restartCommand;
    private volatile Process serve;
    private volatile long serverPid;

    private RestartNode(String httpBase, Path dataDir, long serverPid, String restartCommand) {
        this.httpBase = httpBase.replaceAll("/+$", "");
        URI u = URI.create(this.httpBase);
        this.port = u.getPort() > 0 ? u.getPort() : 80;
        this.dataDir = dataDir;
        this.serverPid = serverPid;
        this.restartCommand = restartCommand;
        this.log = (dataDir != null ? dataDir.toAbsolutePath().getParent() : Path.of(System.getProperty("java.io.tmpdir")))
                .resolve("simulate-restart-node-" + port + ".log");
    }

    /** A node this scenario starts, stops and starts again itself. */
    static RestartNode owned(String httpBase, Path dataDir) {
        return new RestartNode(httpBase, dataDir, 0, null);
    }

    /** A node somebody else started: {@code serverPid} is signalled, {@code restartCommand} starts it again. */
    static RestartNode external(String httpBase, long serverPid, String restartCommand) {
        return new RestartNode(httpBase, null, serverPid, restartCommand);
    }

    boolean owned() {
        return restartCommand == null;
    }

    String restartCommand() {
        return restartCommand;
    }

    long serverPid() {
        return serverPid;
    }

    Path log() {
        return log;
    }

    /** Starts the node; returns at once (see {@link #awaitReady}). */
    void start() throws IOException {
        List<String> command = new ArrayList<>();
        if (owned()) {
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.presence.cli.PresenceCommand",
                    "serve", "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
        } else {
            command.addAll(List.of("sh", "-c", restartCommand));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        serve = p;
        Thread.ofPlatform().daemon().name("restart-node-output").start(() -> copyOutput(p));
    }

    private void copyOutput(Process p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
            for (String line; (line = r.readLine()) != null; ) {
                out.println(line);
                out.flush();
                Matcher m = SERVER_PID.matcher(line);
                if (owned() && m.find()) {
                    serverPid = Long.parseLong(m.group(1));
                }
            }
        } catch (IOException e) {
            // the node is gone; its exit is seen elsewhere
        }
    }

    /**
     * Polls {@code GET /health/ready} every 100 ms; returns the System.nanoTime of the first 200, or -1 when
     * the node was not ready within {@code timeout} or the serve this scenario started has exited.
     */
    long awaitReady(Duration timeout) throws InterruptedException {
        Readiness readiness = new Readiness(URI.create(httpBase + "/health/ready"), Duration.ofSeconds(1), Duration.ofSeconds(2));
        return readiness.await(() -> !owned() || serve == null || serve.isAlive(), timeout) ? readiness.readyAt() : -1;
    }

    /**
     * Stops the node: SIGTERM to serve (owned) or to the server pid (external), or SIGKILL to the server
     * process with {@code kill}; returns once the signalled process (and, owned, serve) has exited.
     */
    void stop(boolean kill, Duration timeout) throws InterruptedException {
        ProcessHandle server = serverPid > 0 ? ProcessHandle.of(serverPid).orElse(null) : null;
        if (kill) {
            if (server == null) {
                throw new IllegalStateException("no server process to kill (pid " + serverPid + ")");
            }
            server.destroyForcibly();
        } else if (owned()) {
            serve.destroy();
        } else if (server != null) {
            server.destroy();
        }
        Poll.until(() -> (server == null || !server.isAlive()) && !(owned() && serve.isAlive()), timeout, Duration.ofMillis(20));
        if (server != null && server.isAlive()) {
            throw new IllegalStateException("the server process " + serverPid + " did not stop within " + timeout.toSeconds() + " s");
        }
        serverPid = 0;
    }

    /** Owned: stops the node (SIGTERM to serve), SIGKILL after 90 s. External: leaves it running. */
    @Override
    public void close() throws InterruptedException {
        Process p = serve;
        if (owned() && p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }
}
