package dev.presence.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code presence serve}: the whole service on one machine with no setup. The embedded store runs in this
 * process; Payara Micro runs as a child process, so it gets its own heap and flags and stops with
 * SIGTERM like any deployment: 1001 to clients, queue flushed, lease released. The store closes after.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the presence service: the application on Payara Micro and, unless --mongodb-uri is"
                + " given, an embedded MongoDB-compatible store in the data dir.",
        footerHeading = "%nExamples:%n",
        footer = {"  presence serve", "  presence serve --port 9090 --data-dir /var/lib/presence",
                "  presence serve --cluster --node 0 & presence serve --cluster --node 1 & presence serve --cluster --node 2",
                "  MP_JWT_VERIFY_PUBLICKEY_LOCATION=/etc/presence/public.pem MP_JWT_VERIFY_ISSUER=https://auth.example.com \\",
                "    presence serve --mongodb-uri mongodb://db:27017"})
public final class ServeCommand implements java.util.concurrent.Callable<Integer> {

    /**
     * JVM flags of the Payara Micro process unless --server-jvm-options replaces them. A fixed heap that holds
     * 19,000 sessions (about 640 MB live) with room for bursts; G1, because ZGC's RSS per session was 70 %
     * higher and it held fewer sessions; compact object headers and string deduplication cut the live heap
     * by about 5 % (docs/PERFORMANCE.md).
     */
    static final String SERVER_JVM_FLAGS = "-Xms1200m -Xmx1200m -XX:+UseG1GC -XX:+UseCompactObjectHeaders"
            + " -XX:+UseStringDeduplication";
    /**
     * JVM flags of a cluster node: a member silent for a whole lease (15 s) leaves the data grid, so the
     * entries it owned move to live members within the lease; shorter pauses are waited out.
     */
    static final List<String> CLUSTER_JVM_FLAGS = List.of("-Dhazelcast.max.no.heartbeat.seconds=15",
            "-Dhazelcast.phone.home.enabled=false");
    /** HTTP worker threads of the Payara Micro process. */
    static final int HTTP_THREADS = 16;
    /**
     * Commands Payara Micro runs before it boots. An unbounded HTTP worker queue: Payara's default of 4,096
     * makes Grizzly's selector drop the read events it cannot queue, and a connection whose read is dropped
     * is never read again (3,648 times across a 3-node cluster holding 50,000 sessions, whenever each node
     * got about 16,000 pings within a second). Grizzly queues at most one read per connection, so the queue
     * is bounded by the open-file cap.
     */
    static final String PRE_BOOT_COMMANDS =
            "set configs.config.server-config.thread-pools.thread-pool.http-thread-pool.max-queue-size=-1\n";

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP and WebSocket port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--data-dir", defaultValue = "./data", description = "Where the embedded store and development keys live (default ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--mongodb-uri", description = "Use this MongoDB instead of the embedded store")
    String mongodbUri;

    @Option(names = "--cluster", description = "Run as one node of a local cluster on Payara's data grid (loopback):"
            + " HTTP port 8080+N unless --port is given, data grid port 6900+N, one shared store")
    boolean cluster;

    @Option(names = "--node", defaultValue = "0", description = "This node's number N in the cluster (default ${DEFAULT-VALUE})")
    int node;

    @Option(names = "--cluster-size", defaultValue = "3", description = "Nodes 0..size-1 make the data grid's member list (default ${DEFAULT-VALUE})")
    int clusterSize;

    @Option(names = "--grid-port", defaultValue = "6900", description = "Data grid port of node 0; node N listens on this + N (default ${DEFAULT-VALUE})")
    int gridPort;

    @Option(names = "--server-jvm-options", defaultValue = SERVER_JVM_FLAGS, paramLabel = "FLAGS",
            description = "JVM flags of the server process, separated by spaces; they replace the defaults (${DEFAULT-VALUE})")
    String serverJvmOptions;

    private String lastReadiness = "no answer";

    @Option(names = "--ready-timeout", defaultValue = "180", description = "Seconds to wait for the service to be ready (default ${DEFAULT-VALUE})")
    int readyTimeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        Path data = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(data);
        Runtime runtime;
        try {
            runtime = Runtime.locate();
        } catch (IllegalStateException e) {
            err.println("presence serve: " + e.getMessage());
            return ExitCode.FAILED;
        }
        if (cluster) {
            if (node < 0 || clusterSize < 1) {
                err.println("presence serve: --node must be 0 or more and --cluster-size 1 or more");
                return ExitCode.USAGE;
            }
            if (!spec.commandLine().getParseResult().hasMatchedOption("--port")) {
                port = 8080 + node;
            }
        }
        String webhooks;
        try {
            webhooks = dev.presence.webhook.control.WebhookSettings.from(ServeCommand::environment)
                    .map(w -> "signed batches to " + w.url()).orElse("off (set PRESENCE_WEBHOOK_URL and PRESENCE_WEBHOOK_SECRET)");
        } catch (IllegalArgumentException e) {
            err.println("presence serve: " + e.getMessage());
            return ExitCode.USAGE;
        }
        if (!portFree(port)) {
            err.println("presence serve: port " + port + " is in use; choose another with --port");
            return ExitCode.FAILED;
        }
        String sharedStore = null;
        EmbeddedStore ownStore = null;
        Map<String, String> env = new java.util.HashMap<>();
        String devKeysNote;
        // nodes of a local cluster started together must start one store and one key pair between them
        try (java.nio.channels.FileChannel lock = java.nio.channels.FileChannel.open(data.resolve("serve.lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock held = lock.lock()) {
            if (mongodbUri == null) {
                sharedStore = cluster ? EmbeddedStore.running(data) : null;
                ownStore = sharedStore == null ? EmbeddedStore.start(data, 0) : null;
            }
            devKeysNote = configureKeys(data, env);
        }
        EmbeddedStore store = ownStore;
        String storeUri = mongodbUri != null ? mongodbUri : sharedStore != null ? sharedStore : store.uri();
        env.put("JNOSQL_MONGODB_URL", storeUri);
        putIfUnset(env, "PRESENCE_NODE_NAME", hostname() + "-" + port);

        Path log = data.resolve(cluster ? "server-" + node + ".log" : "server.log");
        List<String> command = new ArrayList<>();
        command.add(runtime.java().toString());
        if (!serverJvmOptions.isBlank()) {
            command.addAll(List.of(serverJvmOptions.trim().split("\\s+")));
        }
        if (cluster) {
            command.addAll(CLUSTER_JVM_FLAGS);
        }
        command.addAll(List.of("-jar", runtime.payaraMicro().toString(),
                "--deploy", runtime.war().toString(), "--contextroot", "/",
                "--port", Integer.toString(port), "--nohostaware"));
        if (cluster) {
            env.put("PRESENCE_CLUSTER", "true");
            command.addAll(List.of("--name", "presence-" + node, "--clustername", "presence",
                    "--clustermode", "tcpip:" + memberList(), "--interfaces", "127.0.0.1",
                    "--startport", Integer.toString(gridPort + node)));
        } else {
            // one node needs no data grid; without this every serve on a machine starts a Hazelcast member
            // that looks for the others
            command.addAll(List.of("--nocluster", "--nohazelcast"));
        }
        Path preBoot = data.resolve(cluster ? "pre-boot-" + node + ".asadmin" : "pre-boot.asadmin");
        Files.writeString(preBoot, PRE_BOOT_COMMANDS);
        command.addAll(List.of(
                // A connect storm otherwise grows the pool to 200 threads that fight over 2 cores; the
                // handlers never block for long (reads are from memory), so a small pool keeps up.
                "--minHttpThreads", Integer.toString(HTTP_THREADS), "--maxHttpThreads", Integer.toString(HTTP_THREADS),
                "--prebootcommandfile", preBoot.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process server = pb.start();

        AtomicBoolean stopping = new AtomicBoolean();
        Thread stopper = new Thread(() -> {
            stopping.set(true);
            stopServer(server, out);
            if (store != null) {
                store.close();
            }
            out.println("presence stopped");
            out.flush();
            // Ctrl-C and SIGTERM are the normal way to stop: exit 0 once everything is flushed and closed.
            java.lang.Runtime.getRuntime().halt(ExitCode.OK);
        }, "presence-stop");
        java.lang.Runtime.getRuntime().addShutdownHook(stopper);

        if (!awaitReady(server)) {
            err.println("presence serve: the service did not become ready (last /health/ready: " + lastReadiness + "); see " + log);
            tail(log, err);
            serverThreads(server, err);
            if (store != null) {
                // readiness pings the store: when it hangs, the embedded store's threads here show where
                storeThreads(err);
            }
            java.lang.Runtime.getRuntime().removeShutdownHook(stopper);
            stopServer(server, out);
            if (store != null) {
                store.close();
            }
            return ExitCode.FAILED;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("Presence is ready in %.1f s at http://localhost:%d  (WebSocket ws://localhost:%d/ws)%n", seconds, port, port);
        out.println("  store:   " + (store != null ? "embedded, in " + data + " (" + store.uri() + ")"
                : sharedStore != null ? "shared, embedded in another node (" + sharedStore + ")" : mongodbUri));
        if (cluster) {
            out.println("  cluster: node " + node + " of the data grid " + memberList() + " (grid port " + (gridPort + node) + ")");
        }
        out.println("  keys:    " + devKeysNote);
        out.println("  webhooks: " + webhooks);
        out.println("  log:     " + log);
        out.println("  server pid " + server.pid() + "; stop with Ctrl-C");
        out.flush();
        int code = server.waitFor();
        if (stopping.get()) {
            Thread.sleep(Long.MAX_VALUE); // the shutdown hook finishes the stop and ends the process
        }
        err.println("presence serve: the server exited by itself with " + code + "; see " + log);
        java.lang.Runtime.getRuntime().removeShutdownHook(stopper);
        if (store != null) {
            store.close();
        }
        return ExitCode.FAILED;
    }

    /** Nodes 0..size-1 (and this one) on loopback: the explicit member list the data grid joins with. */
    private String memberList() {
        StringBuilder members = new StringBuilder();
        for (int n = 0; n < Math.max(clusterSize, node + 1); n++) {
            members.append(n == 0 ? "" : ",").append("127.0.0.1:").append(gridPort + n);
        }
        return members.toString();
    }

    private String configureKeys(Path data, Map<String, String> env) throws Exception {
        String configured = System.getenv("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
        if (configured != null && !configured.isBlank()) {
            return "verifying with " + configured + " (issuer " + System.getenv("MP_JWT_VERIFY_ISSUER") + "); development login off";
        }
        DevKeys keys = DevKeys.in(data).createIfMissing();
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.publicKey().toUri().toString());
        putIfUnset(env, "MP_JWT_VERIFY_ISSUER", DevKeys.ISSUER);
        putIfUnset(env, "PRESENCE_DEV_LOGIN", "true");
        putIfUnset(env, "PRESENCE_REST_ANONYMOUS_READS", "true");
        env.put("PRESENCE_DEV_LOGIN_PRIVATE_KEY_LOCATION", keys.privateKey().toUri().toString());
        return "development key pair in " + keys.privateKey().getParent() + " (issuer " + env.getOrDefault("MP_JWT_VERIFY_ISSUER", System.getenv("MP_JWT_VERIFY_ISSUER"))
                + "); development login on: POST /api/dev/token";
    }

    /** A configuration key as the server reads it from this environment: {@code presence.x-y} is {@code PRESENCE_X_Y}. */
    private static String environment(String key) {
        return System.getenv(key.toUpperCase().replaceAll("[.-]", "_"));
    }

    private static void putIfUnset(Map<String, String> env, String name, String value) {
        if (System.getenv(name) == null) {
            env.put(name, value);
        }
    }

    private boolean awaitReady(Process server) throws InterruptedException {
        HttpClient http = ServiceHttp.client(Duration.ofSeconds(2));
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(readyTimeout);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                return false;
            }
            try {
                HttpResponse<String> r = http.send(ready, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return true;
                }
                lastReadiness = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                lastReadiness = e.toString(); // not listening yet
            }
            Thread.sleep(250);
        }
        return false;
    }

    private static void stopServer(Process server, PrintWriter out) {
        if (!server.isAlive()) {
            return;
        }
        server.destroy(); // SIGTERM: Payara undeploys, the application closes sessions and flushes
        try {
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                out.println("presence serve: the server did not stop within 60 s; killing it");
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void tail(Path log, PrintWriter err) {
        try {
            List<String> lines = Files.readAllLines(log);
            lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(err::println);
        } catch (IOException e) {
            // nothing to show
        }
        err.flush();
    }

    /**
     * The server's HTTP threads and those that run Presence, MongoDB driver or health check code (where a
     * readiness check that never answers waits), from the {@code jcmd} of the JDK running this command.
     */
    private static void serverThreads(Process server, PrintWriter err) {
        Path jcmd = ProcessHandle.current().info().command().map(java -> Path.of(java).resolveSibling("jcmd")).orElse(null);
        if (jcmd == null || !Files.isExecutable(jcmd) || !server.isAlive()) {
            return;
        }
        try {
            Path out = Files.createTempFile("presence-threads", ".txt");
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(server.pid()), "Thread.print")
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

    private static void storeThreads(PrintWriter err) {
        err.println("threads of the embedded store:");
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (java.util.Arrays.stream(stack).anyMatch(f -> f.getClassName().startsWith("de.bwaldvogel")
                    || f.getClassName().startsWith("org.h2"))) {
                err.println("\"" + thread.getName() + "\" " + thread.getState());
                java.util.Arrays.stream(stack).limit(25).forEach(f -> err.println("    at " + f));
            }
        });
        err.flush();
    }

    private static boolean portFree(int port) {
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
        } catch (IOException e) {
            return "localhost";
        }
    }
}
