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
                "  MP_JWT_VERIFY_PUBLICKEY_LOCATION=/etc/presence/public.pem MP_JWT_VERIFY_ISSUER=https://auth.example.com \\",
                "    presence serve --mongodb-uri mongodb://db:27017"})
public final class ServeCommand implements java.util.concurrent.Callable<Integer> {

    /** JVM flags of the Payara Micro process. */
    static final List<String> SERVER_JVM_FLAGS = List.of("-Xms256m", "-Xmx2g", "-XX:+UseG1GC");
    /** HTTP worker threads of the Payara Micro process. */
    static final int HTTP_THREADS = 16;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP and WebSocket port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--data-dir", defaultValue = "./data", description = "Where the embedded store and development keys live (default ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--mongodb-uri", description = "Use this MongoDB instead of the embedded store")
    String mongodbUri;

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
        if (!portFree(port)) {
            err.println("presence serve: port " + port + " is in use; choose another with --port");
            return ExitCode.FAILED;
        }
        EmbeddedStore store = mongodbUri == null ? EmbeddedStore.start(data, 0) : null;
        Map<String, String> env = new java.util.HashMap<>();
        env.put("JNOSQL_MONGODB_URL", mongodbUri != null ? mongodbUri : store.uri());
        String devKeysNote = configureKeys(data, env);
        putIfUnset(env, "PRESENCE_NODE_NAME", hostname() + "-" + port);

        Path log = data.resolve("server.log");
        List<String> command = new ArrayList<>();
        command.add(runtime.java().toString());
        command.addAll(SERVER_JVM_FLAGS);
        command.addAll(List.of("-jar", runtime.payaraMicro().toString(),
                "--deploy", runtime.war().toString(), "--contextroot", "/",
                "--port", Integer.toString(port), "--nocluster", "--nohostaware",
                // one node needs no data grid; without this every serve on a machine starts a Hazelcast member
                // that looks for the others
                "--nohazelcast",
                // A connect storm otherwise grows the pool to 200 threads that fight over 2 cores; the
                // handlers never block for long (reads are from memory), so a small pool keeps up.
                "--minHttpThreads", Integer.toString(HTTP_THREADS), "--maxHttpThreads", Integer.toString(HTTP_THREADS)));
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
            java.lang.Runtime.getRuntime().removeShutdownHook(stopper);
            stopServer(server, out);
            if (store != null) {
                store.close();
            }
            return ExitCode.FAILED;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("Presence is ready in %.1f s at http://localhost:%d  (WebSocket ws://localhost:%d/ws)%n", seconds, port, port);
        out.println("  store:   " + (store != null ? "embedded, in " + data + " (" + store.uri() + ")" : mongodbUri));
        out.println("  keys:    " + devKeysNote);
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

    private static void putIfUnset(Map<String, String> env, String name, String value) {
        if (System.getenv(name) == null) {
            env.put(name, value);
        }
    }

    private boolean awaitReady(Process server) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
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
