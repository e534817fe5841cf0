package dev.presence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three {@code presence serve --cluster} nodes on loopback sharing one store, started once for the class:
 * clients on different nodes see each other's presence, typing and messages; a killed node's users go
 * offline on the others within the lease, once; the node restarts and rejoins. The data grid listens on
 * loopback alone and reads nothing but what the grid carries.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    /** A short lease keeps the test quick; every node must use the same one. */
    static final Duration LEASE = Duration.ofSeconds(6);
    private static final String WEBHOOK_SECRET = "cluster-it-webhook-secret";
    /** Every node sends its webhooks here. */
    private static WebhookReceiver receiver;
    private static Map<String, String> env;

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Path data;
    private static MongoServer store;
    private static String storeUri;
    private static int gridPort;
    private static final Serve[] NODES = new Serve[3];

    @BeforeAll
    static void startCluster() throws Exception {
        data = Files.createTempDirectory("presence-cluster");
        receiver = new WebhookReceiver(0, WEBHOOK_SECRET);
        env = Map.of("PRESENCE_NODE_LEASE_MS", Long.toString(LEASE.toMillis()), "PRESENCE_WEBHOOK_URL", receiver.url(),
                "PRESENCE_WEBHOOK_SECRET", WEBHOOK_SECRET);
        store = new MongoServer(new H2Backend(data.resolve("shared-store.mv").toString()));
        storeUri = store.bindAndGetConnectionString();
        gridPort = Serve.freePort();
        List<CompletableFuture<Serve>> starting = List.of(0, 1, 2).stream()
                .map(n -> CompletableFuture.supplyAsync(() -> startNode(n))).toList();
        for (int n = 0; n < 3; n++) {
            NODES[n] = starting.get(n).join();
        }
    }

    private static Serve startNode(int n) {
        try {
            return Serve.startNode(n, Serve.freePort(), gridPort, data, storeUri, env);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (Serve s : NODES) {
            if (s != null) {
                s.stop();
            }
        }
        store.shutdown();
        OwnerOnlyFiles.deleteTree(data);
        receiver.close();
    }

    @Test
    @Order(0)
    void theGridPortListensOnLoopbackOnlyAndReadsNothingButWhatTheGridCarries() throws Exception {
        assertTrue(accepts("127.0.0.1", gridPort), "the grid port of node 0");
        assertFalse(accepts("127.0.0.2", gridPort), "bound to 127.0.0.1, not to every interface (127.0.0.2 is loopback too, on Linux)");
        // anyone who reaches a grid port can talk to it (open-source Hazelcast has no authentication): a
        // Serializable of a class the grid does not carry is refused by the members that read it
        com.hazelcast.client.config.ClientConfig config = new com.hazelcast.client.config.ClientConfig();
        config.setClusterName("presence");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().addAddress("127.0.0.1:" + gridPort);
        com.hazelcast.core.HazelcastInstance client = com.hazelcast.client.HazelcastClient.newHazelcastClient(config);
        try {
            client.getTopic("presence-chat-events").publish(new javax.management.BadAttributeValueExpException("probe"));
        } finally {
            client.shutdown();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        boolean refused = false;
        while (!refused && System.nanoTime() < deadline) {
            for (int n = 0; n < 3 && !refused; n++) {
                refused = Files.readString(data.resolve("server-" + n + ".log")).contains("filter status: REJECTED");
            }
            Thread.sleep(100);
        }
        assertTrue(refused, "a node refused the object (InvalidClassException: filter status: REJECTED in its log)");
    }

    private static boolean accepts(String host, int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(host, port), 1_000);
            return true;
        } catch (java.io.IOException refused) {
            return false;
        }
    }

    @Test
    @Order(1)
    void clientsOnDifferentNodesSeeEachOthersPresenceTypingAndMessagesOnce() throws Exception {
        Client bob = Client.connect(NODES[1].port(), token(NODES[1], "bob"));
        bob.send("{\"event\":\"subscribe-presence\",\"data\":{\"userIds\":[\"alice\"]},\"ref\":\"s\"}");
        bob.awaitContaining("\"ref\":\"s\"");
        Client alice = Client.connect(NODES[0].port(), token(NODES[0], "alice"));
        bob.awaitContaining("\"userId\":\"alice\",\"isOnline\":true");

        Client carol = Client.connect(NODES[2].port(), token(NODES[2], "carol"));
        for (Client c : List.of(alice, bob, carol)) {
            c.send("{\"event\":\"join-chat-session\",\"data\":{\"chatSessionId\":\"team\"},\"ref\":\"j\"}");
            c.awaitContaining("\"ref\":\"j\"");
        }
        alice.awaitContaining("\"event\":\"user-joined-chat-session\",\"data\":{\"chatSessionId\":\"team\",\"userId\":\"carol\"");
        String members = get(NODES[2], "/api/chat-sessions/team/members");
        for (String user : List.of("alice", "bob", "carol")) {
            assertTrue(members.contains("\"userId\":\"" + user + "\",\"isOnline\":true"), members);
        }

        bob.send("{\"event\":\"typing-start\",\"data\":{\"chatSessionId\":\"team\"}}");
        alice.awaitContaining("\"userId\":\"bob\",\"isTyping\":true");
        carol.awaitContaining("\"userId\":\"bob\",\"isTyping\":true");

        alice.send("{\"event\":\"send-message\",\"data\":{\"chatSessionId\":\"team\",\"text\":\"hello from node 0\",\"clientMessageId\":\"m1\"},\"ref\":\"m\"}");
        alice.awaitContaining("\"ref\":\"m\"");
        bob.awaitContaining("hello from node 0");
        carol.awaitContaining("hello from node 0");
        assertTrue(get(NODES[1], "/api/chat-sessions/team/messages").contains("hello from node 0"));

        alice.send("{\"event\":\"set-status\",\"data\":{\"status\":\"busy\",\"statusText\":\"deep work\"}}");
        bob.awaitContaining("\"statusText\":\"deep work\"");
        // bob's node told him; node 2's copy follows asynchronously
        assertTrue(eventually(NODES[2], "/api/user-status/alice", "\"status\":\"busy\""));
        String online = get(NODES[2], "/api/user-status/online");
        assertTrue(online.contains("\"total\":3"), online);

        Thread.sleep(500); // anything duplicated would have arrived by now
        assertEquals(1, bob.count("user-status-change", "\"userId\":\"alice\",\"isOnline\":true,\"status\":\"available\""), bob.all.toString());
        assertEquals(1, bob.count("\"statusText\":\"deep work\""), bob.all.toString());
        assertEquals(1, carol.count("hello from node 0"));
        assertEquals(1, alice.count("user-joined-chat-session", "\"userId\":\"carol\""));

        String kicked = delete(NODES[2], "/api/admin/sessions/bob");
        assertTrue(kicked.contains("\"closed\":1"), kicked);
        assertEquals(4403, bob.closed.get(10, TimeUnit.SECONDS));
        for (Client c : List.of(alice, carol)) {
            c.ws.sendClose(1000, "done").join();
        }
    }

    @Test
    @Order(3)
    void killingANodeTakesItsUsersOfflineOnTheOthersWithinTheLeaseOnce() throws Exception {
        Client dave = Client.connect(NODES[2].port(), token(NODES[2], "dave"));
        Client erin = Client.connect(NODES[0].port(), token(NODES[0], "erin"));
        Client frank = Client.connect(NODES[1].port(), token(NODES[1], "frank"));
        erin.send("{\"event\":\"subscribe-presence\",\"data\":{\"userIds\":[\"dave\"]},\"ref\":\"s\"}");
        erin.awaitContaining("\"ref\":\"s\"");
        for (Client c : List.of(dave, frank)) {
            c.send("{\"event\":\"join-chat-session\",\"data\":{\"chatSessionId\":\"ops\"},\"ref\":\"j\"}");
            c.awaitContaining("\"ref\":\"j\"");
        }

        // a crash may lose the user events of its last 100 ms (README, "Webhooks"): the owner of frank's or
        // dave's entry may be the node about to be killed, so their user.online is recorded before the kill
        for (String user : List.of("dave", "erin", "frank")) {
            WebhookReceiver.await(() -> receiver.userEvents(user).contains("user.online"), 30_000, user + "'s user.online");
        }
        long killedAt = System.nanoTime();
        ProcessHandle.of(NODES[2].serverPid()).orElseThrow().destroyForcibly(); // SIGKILL the Payara process
        String offline = erin.awaitContaining("\"userId\":\"dave\",\"isOnline\":false", LEASE.toMillis() + 10_000);
        long tookMillis = (System.nanoTime() - killedAt) / 1_000_000;
        frank.awaitContaining("\"event\":\"user-left-chat-session\",\"data\":{\"chatSessionId\":\"ops\",\"userId\":\"dave\"");
        System.out.println("ClusterIT: a SIGKILLed node's user went offline for a watcher on another node after " + tookMillis + " ms");
        assertTrue(offline.contains("\"lastSeen\":\""), offline);
        assertTrue(get(NODES[1], "/api/chat-sessions/ops/members").contains("frank"));
        assertTrue(!get(NODES[1], "/api/chat-sessions/ops/members").contains("dave"));
        assertTrue(eventually(NODES[1], "/api/user-status/dave", "\"isOnline\":false"), "erin's node told her; node 1 follows");

        try (MongoClient mongo = MongoClients.create(storeUri)) {
            Document doc = null;
            long deadline = System.currentTimeMillis() + 3 * LEASE.toMillis();
            while (System.currentTimeMillis() < deadline) {
                doc = mongo.getDatabase("presence").getCollection("users").find(new Document("_id", "dave")).first();
                if (doc != null && Boolean.FALSE.equals(doc.getBoolean("isOnline")) && doc.getList("socketIds", String.class, List.of()).isEmpty()) {
                    break;
                }
                Thread.sleep(200);
            }
            assertTrue(doc != null && Boolean.FALSE.equals(doc.getBoolean("isOnline")), "the database is reconciled: " + doc);
            assertEquals(List.of(), doc.getList("socketIds", String.class, List.of()), "the database is reconciled: " + doc);
        }
        Thread.sleep(1000);
        assertEquals(1, erin.count("user-status-change", "\"userId\":\"dave\",\"isOnline\":false"), erin.all.toString());
        assertEquals(1, frank.count("user-left-chat-session", "\"userId\":\"dave\""), frank.all.toString());
        NODES[2].process().destroyForcibly().waitFor(30, TimeUnit.SECONDS); // the serve around the killed server
        for (Client c : List.of(erin, frank)) {
            c.ws.sendClose(1000, "done").join();
        }
    }

    @Test
    @Order(4)
    void aRestartedNodeRejoinsCleanly() throws Exception {
        NODES[2] = startNode(2);
        Client gina = Client.connect(NODES[0].port(), token(NODES[0], "gina"));
        gina.send("{\"event\":\"subscribe-presence\",\"data\":{\"userIds\":[\"dave\"]},\"ref\":\"s\"}");
        assertTrue(gina.awaitContaining("\"ref\":\"s\"").contains("\"isOnline\":false"), "dave stayed offline");
        Client dave = Client.connect(NODES[2].port(), token(NODES[2], "dave"));
        gina.awaitContaining("\"userId\":\"dave\",\"isOnline\":true");
        String fromRestarted = get(NODES[2], "/api/user-status/online");
        assertTrue(fromRestarted.contains("\"userId\":\"gina\"") && fromRestarted.contains("\"userId\":\"dave\""), fromRestarted);
        dave.ws.sendClose(1000, "bye").join();
        gina.awaitContaining("\"userId\":\"dave\",\"isOnline\":false");
        Thread.sleep(500);
        assertEquals(1, gina.count("user-status-change", "\"userId\":\"dave\",\"isOnline\":true"), gina.all.toString());
        assertEquals(1, gina.count("user-status-change", "\"userId\":\"dave\",\"isOnline\":false"), gina.all.toString());
    }

    @Test
    @Order(2)
    void anInvisibleUserIsOfflineOnEveryNodeButToThemselves() throws Exception {
        Client ivy = Client.connect(NODES[0].port(), token(NODES[0], "ivy"));
        Client wes = Client.connect(NODES[1].port(), token(NODES[1], "wes"));
        wes.send("{\"event\":\"subscribe-presence\",\"data\":{\"userIds\":[\"ivy\"]},\"ref\":\"s\"}");
        wes.awaitContaining("\"ref\":\"s\"");
        for (Client c : List.of(ivy, wes)) {
            c.send("{\"event\":\"join-chat-session\",\"data\":{\"chatSessionId\":\"hide\"},\"ref\":\"j\"}");
            c.awaitContaining("\"ref\":\"j\"");
        }
        ivy.send("{\"event\":\"set-status\",\"data\":{\"status\":\"invisible\"}}");
        wes.awaitContaining("\"userId\":\"ivy\",\"isOnline\":false,\"status\":\"offline\"");
        ivy.awaitContaining("\"userId\":\"ivy\",\"isOnline\":true,\"status\":\"invisible\"");
        for (Serve node : NODES) {
            assertTrue(eventually(node, "/api/user-status/ivy", "\"isOnline\":false"), "node " + node.port());
            String online = get(node, "/api/user-status/online?limit=1000");
            assertTrue(!online.contains("\"userId\":\"ivy\""), online);
            String members = get(node, "/api/chat-sessions/hide/members");
            assertTrue(members.contains("\"userId\":\"ivy\",\"isOnline\":false"), "a member, shown offline: " + members);
            String batch = post(node, "/api/user-status/batch", "{\"userIds\":[\"ivy\",\"wes\"]}");
            assertTrue(batch.contains("\"userId\":\"ivy\",\"isOnline\":false"), batch);
            String own = getAs(node, "/api/user-status/ivy", "ivy");
            assertTrue(own.contains("\"status\":\"invisible\""), "her own token sees invisible: " + own);
        }
        ivy.send("{\"event\":\"set-status\",\"data\":{\"status\":\"available\"}}");
        wes.awaitContaining("\"userId\":\"ivy\",\"isOnline\":true");
        Thread.sleep(500); // anything duplicated would have arrived by now
        assertEquals(1, wes.count("user-status-change", "\"userId\":\"ivy\",\"isOnline\":false"), wes.all.toString());
        for (Client c : List.of(ivy, wes)) {
            c.ws.sendClose(1000, "done").join();
        }
    }

    private static String getAs(Serve s, String path, String userId) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(s.url(path)))
                .header("Authorization", "Bearer " + token(s, userId)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    private static String post(Serve s, String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(s.url(path)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token(s, "operator")).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    @Test
    @Order(5)
    void eachWebhookEventIsDeliveredOnceNotOncePerNodeAndTheKilledNodesUserWentOfflineOnce() throws Exception {
        Client hank = Client.connect(NODES[1].port(), token(NODES[1], "hank"));
        Client ida = Client.connect(NODES[2].port(), token(NODES[2], "ida"));
        hank.send("{\"event\":\"set-status\",\"data\":{\"status\":\"busy\",\"statusText\":\"on node 1\"}}");
        for (Client c : List.of(hank, ida)) {
            c.send("{\"event\":\"join-chat-session\",\"data\":{\"chatSessionId\":\"hooks\"},\"ref\":\"j\"}");
            c.awaitContaining("\"ref\":\"j\"");
        }
        hank.send("{\"event\":\"send-message\",\"data\":{\"chatSessionId\":\"hooks\",\"text\":\"ping the backend\"},\"ref\":\"m\"}");
        String messageId = hank.awaitContaining("\"ref\":\"m\"").replaceAll(".*\"messageId\":\"([^\"]+)\".*", "$1");
        hank.ws.sendClose(1000, "bye").join();
        WebhookReceiver.await(() -> receiver.userEvents("hank").contains("user.offline"), 30_000, "hank's events");
        // a last event: the one sender sends in order, so once it is in, everything before it was sent
        ida.send("{\"event\":\"set-status\",\"data\":{\"status\":\"away\"}}");
        WebhookReceiver.await(() -> receiver.userEvents("ida").contains("user.status away"), 30_000, "ida's status");

        assertEquals(List.of("user.online", "user.status busy", "user.offline"), receiver.userEvents("hank"));
        List<JsonObject> stored = receiver.distinct().stream().filter(e -> messageId.equals(e.getString("messageId", null))).toList();
        assertEquals(1, stored.size());
        assertEquals(List.of("ida"), stored.getFirst().getJsonArray("deliveredTo").getValuesAs(JsonString::getString));
        Map<String, Long> deliveries = receiver.received().stream()
                .filter(e -> e.getString("userId", "").equals("hank") || e.getString("userId", "").equals("ida")
                        || messageId.equals(e.getString("messageId", null)))
                .collect(java.util.stream.Collectors.groupingBy(e -> e.getString("id"), java.util.stream.Collectors.counting()));
        deliveries.forEach((id, n) -> assertEquals(1L, n, id + " was delivered " + n + " times"));
        assertTrue(receiver.requests.stream().allMatch(WebhookReceiver.Request::signed), "every request is signed");
        // the earlier tests: each user online and offline once (dave twice: killed with node 2, then back and gone)
        for (String user : List.of("alice", "bob", "carol", "erin", "frank", "gina")) {
            WebhookReceiver.await(() -> receiver.userEvents(user).contains("user.offline") || user.equals("gina"), 30_000, user);
            List<String> presence = receiver.userEvents(user).stream().filter(e -> !e.startsWith("user.status")).toList();
            assertEquals(user.equals("gina") ? List.of("user.online") : List.of("user.online", "user.offline"), presence, user);
        }
        assertEquals(List.of("user.online", "user.offline", "user.online", "user.offline"), receiver.userEvents("dave"),
                "dave's offline came from the node that took him offline after the kill, once");
    }

    private static String token(Serve s, String userId) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(s.url("/api/dev/token")))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + userId + "\",\"groups\":[\"presence-admin\"]}"))
                        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString()).body()
                .replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
    }

    private static String get(Serve s, String path) throws Exception {
        return getAs(s, path, "operator");
    }

    /** Whether {@code path} on {@code s} answers with {@code expected} within 5 s: a change reaches each node asynchronously. */
    private static boolean eventually(Serve s, String path, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!get(s, path).contains(expected)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private static String delete(Serve s, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(s.url(path))).DELETE()
                .header("Authorization", "Bearer " + token(s, "operator")).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }
}
