package dev.presence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.presence.testing.Await;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
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

    /** What {@code path} answers an anonymous reader (development mode allows them), which must be 200. */
    private static JsonObject get(Serve s, String path) {
        return Rest.get(s, path, null).ok();
    }

    /** The messageIds of a chat session's history page. */
    private static List<String> messageIds(JsonObject history) {
        return history.getJsonArray("messages").stream().map(m -> m.asJsonObject().getString("messageId")).toList();
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
        Client alice = Client.connect(first.port(), Rest.devToken(first, "alice"));
        List<String> statuses = List.of("away", "busy", "dnd", "available");
        for (int i = 0; i < 30; i++) { // many changes in the last second before the stop: the last one wins
            alice.send("{\"event\":\"set-status\",\"data\":{\"status\":\"" + statuses.get(i % 4) + "\",\"statusText\":\"change " + i + "\"}}");
        }
        alice.send("{\"event\":\"set-status\",\"data\":{\"status\":\"dnd\",\"statusText\":\"the last word\"}}");
        alice.send("{\"event\":\"join-chat-session\",\"data\":{\"chatSessionId\":\"r1\"},\"ref\":\"j\"}");
        alice.reply("j");
        alice.send("{\"event\":\"send-message\",\"data\":{\"chatSessionId\":\"r1\",\"text\":\"before the stop\",\"clientMessageId\":\"k1\"},\"ref\":\"m\"}");
        String messageId = alice.acked("m");
        alice.roundTrip();

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
        Document lease = fromTheStoreFile(db -> db.getCollection("nodes").find().first());
        assertTrue(!lease.getDate("expiresAt").toInstant().isAfter(stoppedBy), "the lease was released: " + lease.toJson());

        Serve second = Serve.start(port, data, ownCache);
        try {
            if (aot) {
                assertTrue(second.output().toString().contains("start-up cache: started from"), second.output().toString());
                assertTrue(StartupCacheUse.mapped(second.serverPid(), data.resolve("startup-cache")), "the server JVM mapped the cache (jcmd VM.info)");
            }
            JsonObject status = get(second, "/api/user-status/alice");
            assertFalse(status.getBoolean("isOnline"), status.toString());
            assertEquals("the last word", status.getString("statusText", null), status.toString());
            assertFalse(status.isNull("lastSeen"), status.toString());
            Client again = Client.connect(second.port(), Rest.devToken(second, "alice"));
            assertEquals("dnd", get(second, "/api/user-status/alice").getString("status"), "the chosen status survives");
            assertTrue(messageIds(get(second, "/api/chat-sessions/r1/messages")).contains(messageId), "the acknowledged message survives");
            Client bob = Client.connect(second.port(), Rest.devToken(second, "bob"));
            for (Client c : List.of(again, bob)) {
                c.send("{\"event\":\"join-chat-session\",\"data\":{\"chatSessionId\":\"r1\"},\"ref\":\"j\"}");
                c.reply("j");
            }
            again.send("{\"event\":\"send-message\",\"data\":{\"chatSessionId\":\"r1\",\"text\":\"retry\",\"clientMessageId\":\"k1\"},\"ref\":\"m2\"}");
            assertEquals(messageId, again.acked("m2"), "a repeat after the restart gets the first id");
            bob.roundTrip(); // a delivery of the repeat would have been queued to bob before his pong
            assertEquals(0, bob.count(Frame.of("new-message")), "the repeat is not delivered again: " + bob.all);
        } finally {
            second.process().destroy();
            second.process().waitFor(90, TimeUnit.SECONDS);
        }
    }

    @Test
    void afterAKillAndARestartNoUserIsOnlineInMemoryOrInTheDatabase() throws Exception {
        int port = Serve.freePort();
        Serve first = start(port);
        Client bob = Client.connect(first.port(), Rest.devToken(first, "bob"));
        bob.send("{\"event\":\"join-chat-session\",\"data\":{\"chatSessionId\":\"r-crash\"},\"ref\":\"j\"}");
        bob.reply("j");
        List<String> acked = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            bob.send("{\"event\":\"send-message\",\"data\":{\"chatSessionId\":\"r-crash\",\"text\":\"m" + i + "\"},\"ref\":\"m" + i + "\"}");
            acked.add(bob.acked("m" + i));
        }
        // The store writes behind twice: the write-behind queue flushes bob's socketId on a timer, and H2 commits
        // to its file a moment after a write. The kill comes once the file holds his socketId and every
        // acknowledged message, as the restarted serve will read them.
        Await.until(() -> fromTheStoreFile(db -> !socketIds(db.getCollection("users").find(new Document("_id", "bob")).first()).isEmpty()
                        && db.getCollection("messages").find(new Document("chatSessionId", "r-crash"))
                                .map(m -> m.getObjectId("_id").toHexString()).into(new java.util.ArrayList<>()).containsAll(acked)),
                Duration.ofSeconds(15), Duration.ofMillis(200), "the store's file to hold bob's socketId and his acknowledged messages");
        java.util.Date renewedBeforeTheKill = fromTheStoreFile(db -> db.getCollection("nodes").find().first().getDate("renewedAt"));
        ProcessHandle.of(first.serverPid()).ifPresent(ProcessHandle::destroyForcibly);
        first.process().destroyForcibly();
        first.process().waitFor(30, TimeUnit.SECONDS);
        Files.deleteIfExists(data.resolve("store.uri"));

        Serve second = start(port);
        try {
            assertEquals(0, get(second, "/api/user-status/online/count").getInt("count"));
            JsonObject status = get(second, "/api/user-status/bob");
            assertTrue(!status.getBoolean("isOnline") && !status.isNull("lastSeen"), status.toString());
            List<String> history = messageIds(get(second, "/api/chat-sessions/r-crash/messages?limit=200"));
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

    /**
     * What a kill would leave of the store now: a copy of its file, opened as the next serve opens it (H2 keeps
     * whole commits only, so a copy taken while it writes opens at its last commit).
     */
    private <T> T fromTheStoreFile(Function<MongoDatabase, T> read) {
        try {
            Path copy = Files.createTempFile("presence-store-", ".mv");
            try {
                Files.copy(data.resolve("store.mv"), copy, StandardCopyOption.REPLACE_EXISTING);
                MongoServer server = new MongoServer(new H2Backend(copy.toString()));
                try (MongoClient mongo = MongoClients.create(server.bindAndGetConnectionString())) {
                    return read.apply(mongo.getDatabase("presence"));
                } finally {
                    server.shutdown();
                }
            } finally {
                Files.deleteIfExists(copy);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> socketIds(Document user) {
        return user == null ? List.of() : user.getList("socketIds", String.class, List.of());
    }

    /** Within 5 s of serve's end: no process of the data dir left, nothing listening on the port. */
    private static void nothingLeftOf(Path data, int port, long serverPid) {
        Await.within(() -> Serve.processesOf(data).isEmpty() && !listening(port), Duration.ofSeconds(5), Duration.ofMillis(50));
        assertEquals(List.of(), Serve.processesOf(data).stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList(),
                "no process of the serve is left");
        assertFalse(ProcessHandle.of(serverPid).map(p -> p.info().commandLine().isPresent()).orElse(false), "the server " + serverPid + " has ended");
        assertFalse(listening(port), "nothing listens on " + port);
    }

    private static boolean listening(int port) {
        if (ListeningSockets.readable()) {
            try {
                return !ListeningSockets.onPort(port).isEmpty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
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
            assertEquals(0, get(second, "/api/user-status/online/count").getInt("count"));
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
        Supplier<Optional<ProcessHandle>> serverOf = () -> serve.descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("payara-micro")).orElse(false)).findFirst();
        Await.until(() -> serverOf.get().isPresent(), Duration.ofSeconds(60), Duration.ofMillis(50), "serve to start its server");
        ProcessHandle server = serverOf.get().orElseThrow();
        // it is booting once setpriv has given it its death signal and become the Java VM that runs Payara
        Await.until(() -> server.info().command().map(c -> Path.of(c).getFileName().toString().equals("java")).orElse(false),
                Duration.ofSeconds(10), Duration.ofMillis(10), "the server " + server.pid() + " to become a Java VM");
        assertTrue(server.isAlive());
        serve.destroyForcibly();
        nothingLeftOf(data, port, server.pid());
    }
}
