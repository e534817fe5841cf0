package dev.presence.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code presence serve} started by a test, as an operator starts it, and what it printed. */
record Serve(Process process, int port, long serverPid, StringBuffer output) {

    static final Path CLI = Path.of(System.getProperty("presence.home", ".."))
            .resolve("presence-cli/target/presence-cli.jar");

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    static Serve start(int port, Path dataDir, Map<String, String> env) throws Exception {
        return start(port, dataDir, env, 0);
    }

    /** With {@code openFileLimit} > 0, the service runs under {@code ulimit -n openFileLimit}. */
    static Serve start(int port, Path dataDir, Map<String, String> env, int openFileLimit) throws Exception {
        return start(port, dataDir, env, openFileLimit, List.of());
    }

    /**
     * Node {@code node} of a local cluster whose data grid ports start at {@code gridPort}, on a shared store, in
     * development mode ({@code --dev}: the store is given by --mongodb-uri).
     */
    static Serve startNode(int node, int port, int gridPort, Path dataDir, String mongodbUri, Map<String, String> env) throws Exception {
        return start(port, dataDir, env, 0, List.of("--cluster", "--node", Integer.toString(node), "--cluster-size", "3",
                "--grid-port", Integer.toString(gridPort), "--mongodb-uri", mongodbUri, "--dev"));
    }

    /** With more options of serve. */
    static Serve start(int port, Path dataDir, Map<String, String> env, List<String> more) throws Exception {
        return start(port, dataDir, env, 0, more);
    }

    /** The command line of a serve, for a test that starts it itself. */
    static List<String> command(int port, Path dataDir) {
        return List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", CLI.toString(),
                "serve", "--port", Integer.toString(port), "--data-dir", dataDir.toString());
    }

    /** The live processes whose command line names {@code dataDir}: a serve of it and its server. */
    static List<ProcessHandle> processesOf(Path dataDir) {
        String dir = dataDir.toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(dir)).orElse(false)).toList();
    }

    private static Serve start(int port, Path dataDir, Map<String, String> env, int openFileLimit, List<String> more) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (openFileLimit > 0) {
            cmd.addAll(List.of("bash", "-c", "ulimit -n " + openFileLimit + " && exec \"$0\" \"$@\""));
        }
        cmd.addAll(command(port, dataDir));
        cmd.addAll(more);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        StringBuffer output = new StringBuffer();
        CompletableFuture<Long> pid = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                Pattern serverPid = Pattern.compile("server pid (\\d+)");
                for (String line; (line = r.readLine()) != null; ) {
                    output.append(line).append('\n');
                    Matcher m = serverPid.matcher(line);
                    if (m.find()) {
                        pid.complete(Long.parseLong(m.group(1)));
                    }
                }
            } catch (IOException e) {
                // process gone
            }
            pid.complete(-1L);
        });
        reader.setDaemon(true);
        reader.start();
        long serverPid;
        try {
            serverPid = pid.get(240, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("serve was neither ready nor gone after 240 s; it said:\n" + output
                    + serverLogTail(dataDir), e);
        }
        assertTrue(serverPid > 0, "serve did not become ready:\n" + output);
        assertTrue(output.toString().contains("Presence is ready in"), output.toString());
        return new Serve(p, port, serverPid, output);
    }

    /** The end of each server log in {@code dataDir} ({@code server.log}, a cluster node's {@code server-N.log}), for a start that failed. */
    private static String serverLogTail(Path dataDir) {
        StringBuilder out = new StringBuilder();
        try (var logs = java.nio.file.Files.list(dataDir)) {
            for (Path log : logs.filter(f -> f.getFileName().toString().matches("server(-\\d+)?\\.log")).sorted().toList()) {
                List<String> lines = java.nio.file.Files.readAllLines(log);
                out.append("\n").append(log.getFileName()).append(" ends:\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
            }
        } catch (IOException | RuntimeException e) {
            out.append("\n(no server log: ").append(e).append(')');
        }
        return out.toString();
    }

    void stop() throws InterruptedException {
        process.destroy();
        process.waitFor(90, TimeUnit.SECONDS);
    }

    /**
     * A free port below the ephemeral range (32768 and up on Linux): a port from that range can be taken
     * by an outgoing connection between this check and the server binding it, which under load happens.
     */
    static int freePort() throws IOException {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20_000 + random.nextInt(12_000);
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new java.net.InetSocketAddress(port));
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port between 20000 and 32000");
    }
}
