package dev.presence.cli;

import dev.presence.webhook.control.WebhookSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
                "    presence serve --mongodb-uri mongodb://db:27017",
                "  presence serve --host 0.0.0.0     # development mode on every interface (it says what that exposes)"})
public final class ServeCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP and WebSocket port (default ${DEFAULT-VALUE})")
    int port;

    @Mixin
    DataDirOption dataDir;

    @Option(names = "--mongodb-uri", description = "Use this MongoDB instead of the embedded store")
    String mongodbUri;

    @Option(names = "--host", paramLabel = "ADDR", description = "Address every listener binds: default 127.0.0.1 in"
            + " development mode (no public key configured), 0.0.0.0 (every interface) otherwise")
    String host;

    @Option(names = "--dev", description = "Development mode (own key pair, development login, anonymous reads) although"
            + " --mongodb-uri names a real database")
    boolean dev;

    @Option(names = "--cluster", description = "Run as one node of a local cluster on Payara's data grid (loopback):"
            + " HTTP port 8080+N unless --port is given, data grid port 6900+N, one shared store")
    boolean cluster;

    @Option(names = "--node", defaultValue = "0", description = "This node's number N in the cluster (default ${DEFAULT-VALUE})")
    int node;

    @Option(names = "--cluster-size", defaultValue = "3", description = "Nodes 0..size-1 make the data grid's member list (default ${DEFAULT-VALUE})")
    int clusterSize;

    @Option(names = "--grid-port", defaultValue = "6900", description = "Data grid port of node 0; node N listens on this + N (default ${DEFAULT-VALUE})")
    int gridPort;

    @Option(names = "--server-jvm-options", defaultValue = ServerCommandLine.SERVER_JVM_FLAGS, paramLabel = "FLAGS",
            description = "JVM flags of the server process, separated by spaces; they replace the defaults (${DEFAULT-VALUE})")
    String serverJvmOptions;

    @Option(names = "--startup-cache", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Start the server from an ahead-of-time cache (JDK 25+), recorded by the first run of a build (or trained: --train-startup-cache) and kept in ~/.cache/presence (default: on)")
    boolean startupCache;

    @Option(names = "--train-startup-cache", description = "The first start of a build trains the start-up cache on a throwaway"
            + " server put through 2,000 sessions before the real server starts from it (about 45 s more, once per build;"
            + " off by default: see README, \"Start-up cache\")")
    boolean trainStartupCache;

    @Option(names = "--ready-timeout", defaultValue = "180", description = "Seconds to wait for the service to be ready (default ${DEFAULT-VALUE})")
    int readyTimeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        // every check that can refuse the command runs before anything is written
        ConfigSources config = ConfigSources.ofThisProcess();
        SecurityMode mode;
        Listeners listeners;
        try {
            mode = SecurityMode.decide(config, mongodbUri != null, dev);
            listeners = Listeners.on(host, mode.development());
        } catch (IllegalArgumentException e) {
            err.println("presence serve: " + e.getMessage());
            return ExitCode.USAGE;
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
        RuntimeFiles runtime;
        try {
            runtime = RuntimeFiles.locate();
        } catch (IllegalStateException e) {
            err.println("presence serve: " + e.getMessage());
            return ExitCode.FAILED;
        }
        String webhooks;
        try {
            webhooks = WebhookSettings.from(ServeCommand::environment)
                    .map(w -> "signed batches to " + w.url()).orElse("off (set PRESENCE_WEBHOOK_URL and PRESENCE_WEBHOOK_SECRET)");
        } catch (IllegalArgumentException e) {
            err.println("presence serve: " + e.getMessage());
            return ExitCode.USAGE;
        }
        if (!portFree(port)) {
            err.println("presence serve: port " + port + " is in use; choose another with --port");
            return ExitCode.FAILED;
        }
        Path data = OwnerOnlyFiles.directory(dataDir.dataDir().toAbsolutePath().normalize());
        String sharedStore = null;
        EmbeddedStore ownStore = null;
        Map<String, String> env = new java.util.HashMap<>(config.systemPropertiesForServer());
        String keysNote;
        // nodes of a local cluster started together must start one store and one key pair between them
        try (FileChannel lock = FileChannel.open(OwnerOnlyFiles.file(data.resolve("serve.lock")), StandardOpenOption.WRITE);
             FileLock held = lock.lock()) {
            if (mongodbUri == null) {
                sharedStore = cluster ? EmbeddedStore.running(data) : null;
                ownStore = sharedStore == null ? EmbeddedStore.start(data, 0) : null;
            }
            keysNote = mode.configure(data, config, env);
            ServeRecord.deleteDead(data);
        }
        EmbeddedStore store = ownStore;
        String storeUri = mongodbUri != null ? mongodbUri : sharedStore != null ? sharedStore : store.uri();
        env.put("JNOSQL_MONGODB_URL", storeUri);
        if (!config.isSet("presence.node-name")) {
            env.put("PRESENCE_NODE_NAME", hostname() + "-" + port);
        }

        String suffix = cluster ? "-" + node : "";
        Path preBoot = data.resolve("pre-boot" + suffix + ".asadmin");
        OwnerOnlyFiles.write(preBoot, ServerCommandLine.PRE_BOOT_COMMANDS + listeners.preBootCommands());
        List<String> command = serverCommand(runtime, env, preBoot);
        List<String> jvm = command.subList(0, command.indexOf("-jar") + 2);
        StartupCache caches = StartupCache.forThisUser();
        StartupCache.Plan planned = startupCache
                ? caches.plan(jvm, Runtime.version().feature(), List.of(runtime.payaraMicro(), runtime.war(), runtime.gridFilter()), "port-" + port)
                : StartupCache.Plan.off("off (--no-startup-cache)");
        List<String> trainingJvm = List.copyOf(jvm);
        // with --train-startup-cache the first start of a build trains the cache on a throwaway server and the
        // real server starts from it; otherwise the first start records the cache itself, written when it stops
        StartupCache.Plan cache = planned.records() && trainStartupCache
                ? new StartupTraining(caches, out).train(planned, data.resolve("startup-training-" + port),
                        (trainingPort, trainingPreBoot) -> ServerCommandLine.singleNode(trainingJvm, runtime, trainingPort, trainingPreBoot),
                        Duration.ofSeconds(readyTimeout))
                : planned;
        command.addAll(1, cache.jvmFlags());
        ServerProcess server = ServerProcess.start(command, env, data.resolve("server" + suffix + ".log"), data.resolve("tmp" + suffix));

        AtomicBoolean stopping = new AtomicBoolean();
        Thread stopper = new Thread(() -> {
            stopping.set(true);
            if (cache.records()) {
                out.println("presence: stopping; the server writes its start-up cache first (once per build)");
                out.flush();
            }
            server.stop(out);
            String kept = StartupCache.keep(cache, server.log());
            if (kept != null) {
                out.println(kept);
            }
            ServeRecord.delete(data, port);
            if (store != null) {
                store.close();
            }
            out.println("presence stopped");
            out.flush();
            // Ctrl-C and SIGTERM are the normal way to stop: exit 0 once everything is flushed and closed.
            Runtime.getRuntime().halt(ExitCode.OK);
        }, "presence-stop");
        Runtime.getRuntime().addShutdownHook(stopper);

        Readiness readiness = new Readiness(URI.create("http://" + listeners.reachableAt() + ":" + port + "/health/ready"));
        if (!readiness.await(server::isAlive, Duration.ofSeconds(readyTimeout))) {
            err.println("presence serve: the service did not become ready (last /health/ready: "
                    + Redaction.secrets(readiness.last()) + "); see " + server.log());
            server.tail(err);
            server.threads(err);
            if (store != null) {
                // readiness pings the store: when it hangs, the embedded store's threads here show where
                EmbeddedStore.threads(err);
            }
            Runtime.getRuntime().removeShutdownHook(stopper);
            server.stop(out);
            StartupCache.keep(cache, server.log());
            if (store != null) {
                store.close();
            }
            return ExitCode.FAILED;
        }
        new ServeRecord(ProcessStamp.current(), listeners.host(), port, mode.development(), mode.issuer()).write(data);
        double seconds = (System.nanoTime() - started) / 1e9;
        String url = listeners.url(port);
        out.printf("Presence is ready in %.1f s at %s  (WebSocket %s/ws)%n", seconds, url, url.replaceFirst("^http", "ws"));
        listeners.exposure(port, mode.development()).forEach(line -> out.println("  " + line));
        out.println("  store:   " + (store != null ? "embedded, in " + data + " (" + store.uri() + ")"
                : sharedStore != null ? "shared, embedded in another node (" + sharedStore + ")" : Redaction.secrets(mongodbUri)));
        if (cluster) {
            out.println("  cluster: node " + node + " of the data grid " + memberList() + " (grid port " + (gridPort + node) + ")");
        }
        out.println("  keys:    " + keysNote);
        out.println("  files:   owner-only, in " + data + (OwnerOnlyFiles.openToOthers(data)
                ? " (the directory itself is open to other users: chmod 700 it)" : ""));
        out.println("  webhooks: " + webhooks);
        out.println("  start-up cache: " + cache.note());
        out.println("  log:     " + server.log());
        out.println("  server pid " + server.pid() + " (" + server.bond() + "); stop with Ctrl-C");
        out.flush();
        int code = server.waitFor();
        if (stopping.get()) {
            Thread.sleep(Long.MAX_VALUE); // the shutdown hook finishes the stop and ends the process
        }
        err.println("presence serve: the server exited by itself with " + code + "; see " + server.log());
        Runtime.getRuntime().removeShutdownHook(stopper);
        ServeRecord.delete(data, port);
        if (store != null) {
            store.close();
        }
        return ExitCode.FAILED;
    }

    /** The server's command line: JVM flags, then Payara Micro with the application, on one node or in a cluster. */
    private List<String> serverCommand(RuntimeFiles runtime, Map<String, String> env, Path preBoot) {
        List<String> jvm = ServerCommandLine.jvm(runtime, serverJvmOptions, cluster);
        if (!cluster) {
            return ServerCommandLine.singleNode(jvm, runtime, port, preBoot);
        }
        env.put("PRESENCE_CLUSTER", "true");
        return ServerCommandLine.clusterNode(jvm, runtime, port, preBoot, List.of("--name", "presence-" + node, "--clustername", "presence",
                "--clustermode", "tcpip:" + memberList(), "--interfaces", "127.0.0.1", "--startport", Integer.toString(gridPort + node)));
    }

    /** Nodes 0..size-1 (and this one) on loopback: the explicit member list the data grid joins with. */
    private String memberList() {
        StringBuilder members = new StringBuilder();
        for (int n = 0; n < Math.max(clusterSize, node + 1); n++) {
            members.append(n == 0 ? "" : ",").append("127.0.0.1:").append(gridPort + n);
        }
        return members.toString();
    }

    /** A configuration key as the server reads it from this environment: {@code presence.x-y} is {@code PRESENCE_X_Y}. */
    private static String environment(String key) {
        return System.getenv(key.toUpperCase().replaceAll("[.-]", "_"));
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
