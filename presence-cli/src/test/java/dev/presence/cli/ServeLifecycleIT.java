package dev.presence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code presence serve} as an operator runs it: a graceful stop keeps every acknowledged change, and a
 * killed node leaves nobody online after its restart. Secure defaults: development mode listens on loopback
 * only, with no data grid, keeps its files owner-only, and however serve ends (SIGKILL included, and during
 * its start) no process of it is left holding a port.
 */
class ServeLifecycleIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path data;

    /** A test that failed half-way leaves no serve of its data dir running. */
    @org.junit.jupiter.api.AfterEach
    void endWhatIsLeft() {
        Serve.processesOf(data).forEach(ProcessHandle::destroyForcibly);
    }

    private Serve start(int port) throws Exception {
        return Serve.start(port, data, Map.of());
    }

    private String devToken(Serve s, String userId) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(s.url("/api/dev/token")))
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + userId + "\"}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString()).body();
        return body.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
    }

    private String get(Serve s, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(s.url(path))).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? r.body() : "HTTP " + r.statusCode() + " " + r.body();
    }

    @Test
    void aGracefulStopKeepsStatusStatusTextAndLastSeenAcrossARestart() throws Exception {
        int port = Serve.freePort();
        // a cache of this test's own: the first serve records the start-up cache, the second starts from it
        Map<String, String> ownCache = Map.of("PRESENCE_CACHE_DIR", data.resolve("startup-cache").toString());
        boolean aot = java.lang.Runtime.version().feature() >= 25;
        Serve first = Serve.start(port, data, ownCache);
        assertTrue(first.output().toString().contains(aot ? "start-up cache: recording one on this run" : "start-up cache: none"),
                first.output().toString());
        Client alice = Client.connect(first.port(), devToken(first, "alice"));
        List<String> statuses = List.of("away", "busy", "dnd", "available");
        for (int i = 0; i < 30; i++) { // many changes in the last second before the stop: the last one wins
            alice.send("{\"event\":\"set-status\",\"data\":{\"status\":\"" + statuses.get(i % 4) + "\",\"statusText\":\"change " + i + "\"}}");
        }
        alice.send("{\"event\":\"set-status\",\"data\":{\"status\":\"dnd\",\"statusText\":\"the last word\"}}");
        alice.send("{\"event\":\"join-chat-session\",\"data\":{\"chatSessionId\":\"r1\"},\"ref\":\"j\"}");
        alice.awaitContaining("\"ref\":\"j\"");
        alice.send("{\"event\":\"send-message\",\"data\":{\"chatSessionId\":\"r1\",\"text\":\"before the stop\",\"clientMessageId\":\"k1\"},\"ref\":\"m\"}");
        String messageId = alice.awaitContaining("\"ref\":\"m\"").replaceAll(".*\"messageId\":\"([^\"]+)\".*", "$1");
        alice.send("{\"event\":\"ping\",\"ref\":\"p\"}");
        alice.awaitContaining("\"ref\":\"p\"");

        first.process().destroy(); // SIGTERM, as Ctrl-C or a service manager would
        assertEquals(1001, alice.closed.get(30, TimeUnit.SECONDS), "clients are told the server is going away");
        assertTrue(first.process().waitFor(90, TimeUnit.SECONDS));
        assertEquals(0, first.process().exitValue(), first.output().toString());
        if (aot) {
            try (var files = Files.list(data.resolve("startup-cache"))) {
                List<String> names = files.map(f -> f.getFileName().toString()).toList();
                assertTrue(names.size() == 1 && names.getFirst().matches("server-[0-9a-f]+\\.aot"),
                        "the stop wrote the cache and moved it into place: " + names);
            }
        }
        java.time.Instant stoppedBy = java.time.Instant.now();
        MongoServer store = new MongoServer(new H2Backend(data.resolve("store.mv").toString()));
        try (MongoClient mongo = MongoClients.create(store.bindAndGetConnectionString())) {
            Document lease = mongo.getDatabase("presence").getCollection("nodes").find().first();
            assertTrue(!lease.getDate("expiresAt").toInstant().isAfter(stoppedBy), "the lease was released: " + lease.toJson());
        } finally {
            store.shutdown();
        }

        Serve second = Serve.start(port, data, ownCache);
        try {
            if (aot) {
                assertTrue(second.output().toString().contains("start-up cache: started from"), second.output().toString());
                assertTrue(StartupCacheUse.mapped(second.serverPid(), data.resolve("startup-cache")), "the server JVM mapped the cache (jcmd VM.info)");
            }
            String status = get(second, "/api/user-status/alice");
            assertTrue(status.contains("\"isOnline\":false"), status);
            assertTrue(status.contains("\"statusText\":\"the last word\""), status);
            assertFalse(status.contains("\"lastSeen\":null"), status);
            Client again = Client.connect(second.port(), devToken(second, "alice"));
            assertTrue(get(second, "/api/user-status/alice").contains("\"status\":\"dnd\""), "the chosen status survives");
            assertTrue(get(second, "/api/chat-sessions/r1/messages").contains(messageId), "the acknowledged message survives");
            Client bob = Client.connect(second.port(), devToken(second, "bob"));
            for (Client c : List.of(again, bob)) {
                c.send("{\"event\":\"join-chat-session\",\"data\":{\"chatSessionId\":\"r1\"},\"ref\":\"j\"}");
                c.awaitContaining("\"ref\":\"j\"");
            }
            again.send("{\"event\":\"send-message\",\"data\":{\"chatSessionId\":\"r1\",\"text\":\"retry\",\"clientMessageId\":\"k1\"},\"ref\":\"m2\"}");
            assertTrue(again.awaitContaining("\"ref\":\"m2\"").contains(messageId), "a repeat after the restart gets the first id");
            bob.send("{\"event\":\"ping\",\"ref\":\"p\"}");
            bob.awaitContaining("\"ref\":\"p\"");
            assertTrue(bob.frames.stream().noneMatch(f -> f.contains("new-message")), "the repeat is not delivered again");
        } finally {
            second.process().destroy();
            second.process().waitFor(90, TimeUnit.SECONDS);
        }
    }

    @Test
    void afterAKillAndARestartNoUserIsOnlineInMemoryOrInTheDatabase() throws Exception {
        int port = Serve.freePort();
        Serve first = start(port);
        Client bob = Client.connect(first.port(), devToken(first, "bob"));
        bob.send("{\"event\":\"join-chat-session\",\"data\":{\"chatSessionId\":\"r-crash\"},\"ref\":\"j\"}");
        bob.awaitContaining("\"ref\":\"j\"");
        List<String> acked = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            bob.send("{\"event\":\"send-message\",\"data\":{\"chatSessionId\":\"r-crash\",\"text\":\"m" + i + "\"},\"ref\":\"m" + i + "\"}");
            acked.add(bob.awaitContaining("\"ref\":\"m" + i + "\"").replaceAll(".*\"messageId\":\"([^\"]+)\".*", "$1"));
        }
        Thread.sleep(1_500); // the write-behind queue has flushed bob's socketId
        java.util.Date renewedBeforeTheKill;
        try (MongoClient mongo = MongoClients.create(Files.readString(data.resolve("store.uri")).trim())) {
            renewedBeforeTheKill = mongo.getDatabase("presence").getCollection("nodes").find().first().getDate("renewedAt");
        }
        ProcessHandle.of(first.serverPid()).ifPresent(ProcessHandle::destroyForcibly);
        first.process().destroyForcibly();
        first.process().waitFor(30, TimeUnit.SECONDS);
        Files.deleteIfExists(data.resolve("store.uri"));

        Serve second = start(port);
        try {
            assertEquals("{\"count\":0}", get(second, "/api/user-status/online/count"));
            String status = get(second, "/api/user-status/bob");
            assertTrue(status.contains("\"isOnline\":false") && !status.contains("\"lastSeen\":null"), status);
            String history = get(second, "/api/chat-sessions/r-crash/messages?limit=200");
            acked.forEach(id -> assertTrue(history.contains(id), "acknowledged message " + id + " is present"));
            String uri = Files.readString(data.resolve("store.uri")).trim();
            try (MongoClient mongo = MongoClients.create(uri)) {
                Document doc = mongo.getDatabase("presence").getCollection("users").find(new Document("_id", "bob")).first();
                assertNotNull(doc);
                assertEquals(false, doc.getBoolean("isOnline"), doc.toJson());
                assertEquals(List.of(), doc.getList("socketIds", String.class), doc.toJson());
                assertTrue(!doc.getDate("lastSeen").before(renewedBeforeTheKill), "lastSeen is no earlier than the lease renewal");
            }
        } finally {
            second.process().destroy();
            second.process().waitFor(90, TimeUnit.SECONDS);
        }
    }

    /** Within 5 s of serve's end: no process of the data dir left, nothing listening on the port. */
    private static void nothingLeftOf(Path data, int port, long serverPid) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline && (!Serve.processesOf(data).isEmpty() || listening(port))) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), Serve.processesOf(data).stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList(),
                "no process of the serve is left");
        assertFalse(ProcessHandle.of(serverPid).map(p -> p.info().commandLine().isPresent()).orElse(false), "the server " + serverPid + " has ended");
        assertFalse(listening(port), "nothing listens on " + port);
    }

    private static boolean listening(int port) throws IOException {
        if (ListeningSockets.readable()) {
            return !ListeningSockets.onPort(port).isEmpty();
        }
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static boolean accepts(String host, int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(host, port), 1_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static String mode(Path p) throws IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void developmentModeListensOnLoopbackOnlyKeepsItsFilesToItsOwnerAndASigkilledServeLeavesNothing() throws Exception {
        int port = Serve.freePort();
        Serve first = start(port);
        assertTrue(first.output().toString().contains("listens: 127.0.0.1 (loopback: this machine only)"), first.output().toString());
        assertTrue(accepts("127.0.0.1", port));
        assertFalse(accepts("127.0.0.2", port), "bound to 127.0.0.1, not to every interface (127.0.0.2 is loopback too, on Linux)");
        if (ListeningSockets.readable()) {
            List<java.net.InetSocketAddress> server = ListeningSockets.of(first.serverPid());
            assertEquals(List.of(port), server.stream().map(java.net.InetSocketAddress::getPort).toList(),
                    "the server listens on its HTTP port alone (no data grid): " + server);
            List<java.net.InetSocketAddress> all = new java.util.ArrayList<>(server);
            all.addAll(ListeningSockets.of(first.process().pid()));
            assertTrue(all.stream().allMatch(a -> a.getAddress().isLoopbackAddress()), "only loopback listeners: " + all);
        }
        assertEquals("rwx------", mode(data));
        assertEquals("rwx------", mode(data.resolve("dev-keys")));
        for (String file : List.of("dev-keys/private.pem", "dev-keys/public.pem", "store.mv", "server.log", "store.uri", "serve.lock",
                "pre-boot.asadmin", "serve-" + port + ".json")) {
            assertEquals("rw-------", mode(data.resolve(file)), file);
        }
        String log = Files.readString(data.resolve("server.log"));
        assertTrue(log.contains("settings that weaken its security") && log.contains("presence.dev-login=true"), "one WARNING names them");

        first.process().destroyForcibly(); // SIGKILL of serve alone
        nothingLeftOf(data, port, first.serverPid());

        Serve second = start(port); // the same data dir, after a kill: records of the dead serve are not trusted
        try {
            assertEquals("{\"count\":0}", get(second, "/api/user-status/online/count"));
        } finally {
            second.stop();
        }
        nothingLeftOf(data, port, second.serverPid());
        assertFalse(Files.exists(data.resolve("tmp")), "the server's temporary files go with it");
    }

    @Test
    void withoutSetprivTheServerStillEndsWithItsServe() throws Exception {
        int port = Serve.freePort();
        Serve serve = Serve.start(port, data, Map.of("PATH", "/nonexistent"));
        assertTrue(serve.output().toString().contains("no setpriv --pdeathsig here"), serve.output().toString());
        serve.process().destroyForcibly();
        nothingLeftOf(data, port, serve.serverPid());
    }

    @Test
    void aServeKilledWhileItStartsLeavesNoServer() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(ServerProcess.setpriv().isPresent(),
                "no setpriv --pdeathsig on this machine: the server's own watch starts only with the application");
        int port = Serve.freePort();
        Process serve = new ProcessBuilder(Serve.command(port, data)).redirectErrorStream(true)
                .redirectOutput(data.resolve("serve.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        java.util.Optional<ProcessHandle> server = java.util.Optional.empty();
        while (server.isEmpty() && System.nanoTime() < deadline) {
            server = serve.descendants().filter(p -> p.info().commandLine().map(c -> c.contains("payara-micro")).orElse(false)).findFirst();
            Thread.sleep(50);
        }
        assertTrue(server.isPresent(), "serve started its server");
        Thread.sleep(2_000); // Payara is booting
        assertTrue(server.get().isAlive());
        serve.destroyForcibly();
        nothingLeftOf(data, port, server.get().pid());
    }
}
