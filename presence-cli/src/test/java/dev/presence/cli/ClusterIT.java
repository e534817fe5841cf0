package dev.presence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.presence.testing.Await;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;
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
    /** How often a wait asks a node or reads a file again. */
    private static final Duration POLL = Duration.ofMillis(20);
    /** Every node sends its webhooks here. */
    private static WebhookReceiver receiver;
    private static Map<String, String> env;

    private static Path data;
    private static MongoServer store;
    private static String storeUri;
    private static int gridPort;
    private static final Serve[] NODES = new Serve[3];
    /** An operator's token of each node, by the node's port. */
    private static final Map<Integer, String> OPERATOR = new ConcurrentHashMap<>();

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
        Await.until(() -> IntStream.range(0, 3).anyMatch(n -> serverLog(n).contains("filter status: REJECTED")),
                Duration.ofSeconds(20), Duration.ofMillis(100), "a node to refuse the object (InvalidClassException: filter status: REJECTED in its log)");
    }

    private static String serverLog(int node) {
        try {
            return Files.readString(data.resolve("server-" + node + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        bob.reply("s");
        Client alice = Client.connect(NODES[0].port(), token(NODES[0], "alice"));
        bob.await(Frame.statusOf("alice", "isOnline", true));

        Client carol = Client.connect(NODES[2].port(), token(NODES[2], "carol"));
        for (Client c : List.of(alice, bob, carol)) {
            c.send("{\"event\":\"join-chat-session\",\"data\":{\"chatSessionId\":\"team\"},\"ref\":\"j\"}");
            c.reply("j");
        }
        alice.await(Frame.of("user-joined-chat-session", "chatSessionId", "team", "userId", "carol"));
        JsonObject members = get(NODES[2], "/api/chat-sessions/team/members");
        for (String user : List.of("alice", "bob", "carol")) {
            assertEquals(Optional.of(true), isOnline(members, "members", user), members.toString());
        }

        bob.send("{\"event\":\"typing-start\",\"data\":{\"chatSessionId\":\"team\"}}");
        alice.await(Frame.of("user-typing", "userId", "bob", "isTyping", true));
        carol.await(Frame.of("user-typing", "userId", "bob", "isTyping", true));

        alice.send("{\"event\":\"send-message\",\"data\":{\"chatSessionId\":\"team\",\"text\":\"hello from node 0\",\"clientMessageId\":\"m1\"},\"ref\":\"m\"}");
        alice.reply("m");
        bob.await(Frame.of("new-message", "text", "hello from node 0"));
        carol.await(Frame.of("new-message", "text", "hello from node 0"));
        assertTrue(get(NODES[1], "/api/chat-sessions/team/messages").getJsonArray("messages").stream()
                .anyMatch(m -> m.asJsonObject().getString("text").equals("hello from node 0")));

        alice.send("{\"event\":\"set-status\",\"data\":{\"status\":\"busy\",\"statusText\":\"deep work\"}}");
        bob.await(Frame.statusOf("alice", "statusText", "deep work"));
        // bob's node told him; node 2's copy follows asynchronously
        awaitStatus(NODES[2], "alice", s -> s.getString("status").equals("busy"), "node 2 to show alice busy");
        JsonObject online = get(NODES[2], "/api/user-status/online");
        assertEquals(3, online.getInt("total"), online.toString());

        // Anything repeated would have arrived before a later event on the same path: a node hands on a
        // user's changes in the grid's order, and the chat events one node publishes in the order it published
        // them. So: a later change of alice's for bob, a later chat event from node 0 for carol, and one from
        // node 2 for alice.
        alice.send("{\"event\":\"set-status\",\"data\":{\"status\":\"busy\",\"statusText\":\"after deep work\"}}");
        bob.await(Frame.statusOf("alice", "statusText", "after deep work"));
        alice.send("{\"event\":\"typing-start\",\"data\":{\"chatSessionId\":\"team\"}}");
        carol.await(Frame.of("user-typing", "userId", "alice", "isTyping", true));
        carol.send("{\"event\":\"typing-start\",\"data\":{\"chatSessionId\":\"team\"}}");
        alice.await(Frame.of("user-typing", "userId", "carol", "isTyping", true));
        assertEquals(1, bob.count(Frame.statusOf("alice", "isOnline", true, "status", "available")), bob.all.toString());
        assertEquals(1, bob.count(Frame.statusOf("alice", "statusText", "deep work")), bob.all.toString());
        assertEquals(1, carol.count(Frame.of("new-message", "text", "hello from node 0")), carol.all.toString());
        assertEquals(1, alice.count(Frame.of("user-joined-chat-session", "userId", "carol")), alice.all.toString());

        JsonObject kicked = Rest.call(NODES[2], "DELETE", "/api/admin/sessions/bob", operator(NODES[2]), null).ok();
        assertEquals(1, kicked.getInt("closed"), kicked.toString());
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
        erin.reply("s");
        for (Client c : List.of(dave, frank)) {
            c.send("{\"event\":\"join-chat-session\",\"data\":{\"chatSessionId\":\"ops\"},\"ref\":\"j\"}");
            c.reply("j");
        }

        // a crash may lose the user events of its last 100 ms (README, "Webhooks"): the owner of frank's or
        // dave's entry may be the node about to be killed, so their user.online is recorded before the kill
        for (String user : List.of("dave", "erin", "frank")) {
            Await.until(() -> receiver.userEvents(user).contains("user.online"), Duration.ofSeconds(30), POLL, user + "'s user.online");
        }
        long killedAt = System.nanoTime();
        ProcessHandle.of(NODES[2].serverPid()).orElseThrow().destroyForcibly(); // SIGKILL the Payara process
        JsonObject offline = erin.await(Frame.statusOf("dave", "isOnline", false), LEASE.toMillis() + 10_000);
        long tookMillis = (System.nanoTime() - killedAt) / 1_000_000;
        frank.await(Frame.of("user-left-chat-session", "chatSessionId", "ops", "userId", "dave"));
        System.out.println("ClusterIT: a SIGKILLed node's user went offline for a watcher on another node after " + tookMillis + " ms");
        assertEquals(JsonValue.ValueType.STRING, offline.getJsonObject("data").get("lastSeen").getValueType(), offline.toString());
        List<String> members = userIds(get(NODES[1], "/api/chat-sessions/ops/members"), "members");
        assertTrue(members.contains("frank") && !members.contains("dave"), members.toString());
        awaitStatus(NODES[1], "dave", s -> !s.getBoolean("isOnline"), "node 1 to show dave offline (erin's node told her; node 1 follows)");

        try (MongoClient mongo = MongoClients.create(storeUri)) {
            MongoCollection<Document> users = mongo.getDatabase("presence").getCollection("users");
            Supplier<Document> daves = () -> users.find(new Document("_id", "dave")).first();
            Await.within(() -> reconciled(daves.get()), LEASE.multipliedBy(3), Duration.ofMillis(200));
            Document doc = daves.get();
            assertTrue(doc != null && Boolean.FALSE.equals(doc.getBoolean("isOnline")), "the database is reconciled: " + doc);
            assertEquals(List.of(), doc.getList("socketIds", String.class, List.of()), "the database is reconciled: " + doc);
        }
        // No barrier stands in for this wait: a repeat would come from a timer of a surviving node (each sweeps
        // the dead node's entries again every 5 s for a lease, and catches up from the grid 3 s and 15 s after
        // the member left), not from an event that a later one on dave's path is bound to follow, and dave
        // can make no later change of his own without changing what the later tests count of him.
        Thread.sleep(1000);
        assertEquals(1, erin.count(Frame.statusOf("dave", "isOnline", false)), erin.all.toString());
        assertEquals(1, frank.count(Frame.of("user-left-chat-session", "userId", "dave")), frank.all.toString());
        NODES[2].process().destroyForcibly().waitFor(30, TimeUnit.SECONDS); // the serve around the killed server
        for (Client c : List.of(erin, frank)) {
            c.ws.sendClose(1000, "done").join();
        }
    }

    private static boolean reconciled(Document user) {
        return user != null && Boolean.FALSE.equals(user.getBoolean("isOnline")) && user.getList("socketIds", String.class, List.of()).isEmpty();
    }

    @Test
    @Order(4)
    void aRestartedNodeRejoinsCleanly() throws Exception {
        NODES[2] = startNode(2);
        Client gina = Client.connect(NODES[0].port(), token(NODES[0], "gina"));
        gina.send("{\"event\":\"subscribe-presence\",\"data\":{\"userIds\":[\"dave\"]},\"ref\":\"s\"}");
        JsonObject snapshot = gina.reply("s").getJsonObject("data");
        assertEquals(Optional.of(false), isOnline(snapshot, "users", "dave"), "dave stayed offline: " + snapshot);
        Client dave = Client.connect(NODES[2].port(), token(NODES[2], "dave"));
        gina.await(Frame.statusOf("dave", "isOnline", true));
        List<String> fromRestarted = userIds(get(NODES[2], "/api/user-status/online"), "users");
        assertTrue(fromRestarted.containsAll(List.of("gina", "dave")), fromRestarted.toString());
        dave.ws.sendClose(1000, "bye").join();
        gina.await(Frame.statusOf("dave", "isOnline", false));
        changesOfTheUserHaveReached(NODES[0], "dave", NODES[1]);
        gina.roundTrip();
        assertEquals(1, gina.count(Frame.statusOf("dave", "isOnline", true)), gina.all.toString());
        assertEquals(1, gina.count(Frame.statusOf("dave", "isOnline", false)), gina.all.toString());
    }

    /**
     * A barrier on the user's changes to the sessions of node {@code to}: node {@code from} marks the user's
     * lastSeen (PUT /api/user-status/last-seen with the user's token), a change that no watcher is shown and no
     * webhook reports. The grid hands each node a user's changes in order, and the node fans each out before
     * it takes the next; so once {@code to} answers with the mark, every change before it, and any repeat of
     * one, has been queued to its sessions. {@code from} must be another node: a node takes its own change at
     * once, ahead of the grid's events about the user that are still on their way to it.
     */
    private static void changesOfTheUserHaveReached(Serve to, String userId, Serve from) {
        String marked = Rest.call(from, "PUT", "/api/user-status/last-seen", token(from, userId), null).ok().getString("lastSeen");
        Await.until(() -> marked.equals(get(to, "/api/user-status/" + userId).getString("lastSeen", null)), Duration.ofSeconds(10), POLL,
                "node " + to.port() + " to take " + userId + "'s lastSeen " + marked);
    }

    @Test
    @Order(2)
    void anInvisibleUserIsOfflineOnEveryNodeButToThemselves() throws Exception {
        Client ivy = Client.connect(NODES[0].port(), token(NODES[0], "ivy"));
        Client wes = Client.connect(NODES[1].port(), token(NODES[1], "wes"));
        wes.send("{\"event\":\"subscribe-presence\",\"data\":{\"userIds\":[\"ivy\"]},\"ref\":\"s\"}");
        wes.reply("s");
        for (Client c : List.of(ivy, wes)) {
            c.send("{\"event\":\"join-chat-session\",\"data\":{\"chatSessionId\":\"hide\"},\"ref\":\"j\"}");
            c.reply("j");
        }
        ivy.send("{\"event\":\"set-status\",\"data\":{\"status\":\"invisible\"}}");
        wes.await(Frame.statusOf("ivy", "isOnline", false, "status", "offline"));
        ivy.await(Frame.statusOf("ivy", "isOnline", true, "status", "invisible"));
        for (Serve node : NODES) {
            awaitStatus(node, "ivy", s -> !s.getBoolean("isOnline"), "node " + node.port() + " to show ivy offline");
            List<String> online = userIds(get(node, "/api/user-status/online?limit=1000"), "users");
            assertFalse(online.contains("ivy"), online.toString());
            JsonObject members = get(node, "/api/chat-sessions/hide/members");
            assertEquals(Optional.of(false), isOnline(members, "members", "ivy"), "a member, shown offline: " + members);
            JsonObject batch = Rest.call(node, "POST", "/api/user-status/batch", operator(node), "{\"userIds\":[\"ivy\",\"wes\"]}").ok();
            assertEquals(Optional.of(false), isOnline(batch, "users", "ivy"), batch.toString());
            JsonObject own = Rest.get(node, "/api/user-status/ivy", token(node, "ivy")).ok();
            assertEquals("invisible", own.getString("status"), "her own token sees invisible: " + own);
        }
        ivy.send("{\"event\":\"set-status\",\"data\":{\"status\":\"available\"}}");
        // a later change of ivy's on the same path: a repeat of her offline would have come before it
        wes.await(Frame.statusOf("ivy", "isOnline", true));
        assertEquals(1, wes.count(Frame.statusOf("ivy", "isOnline", false)), wes.all.toString());
        for (Client c : List.of(ivy, wes)) {
            c.ws.sendClose(1000, "done").join();
        }
    }

    @Test
    @Order(5)
    void eachWebhookEventIsDeliveredOnceNotOncePerNodeAndTheKilledNodesUserWentOfflineOnce() throws Exception {
        Client hank = Client.connect(NODES[1].port(), token(NODES[1], "hank"));
        Client ida = Client.connect(NODES[2].port(), token(NODES[2], "ida"));
        hank.send("{\"event\":\"set-status\",\"data\":{\"status\":\"busy\",\"statusText\":\"on node 1\"}}");
        for (Client c : List.of(hank, ida)) {
            c.send("{\"event\":\"join-chat-session\",\"data\":{\"chatSessionId\":\"hooks\"},\"ref\":\"j\"}");
            c.reply("j");
        }
        hank.send("{\"event\":\"send-message\",\"data\":{\"chatSessionId\":\"hooks\",\"text\":\"ping the backend\"},\"ref\":\"m\"}");
        String messageId = hank.acked("m");
        hank.ws.sendClose(1000, "bye").join();
        Await.until(() -> receiver.userEvents("hank").contains("user.offline"), Duration.ofSeconds(30), POLL, "hank's events");
        // a last event: the one sender sends in order, so once it is in, everything before it was sent
        ida.send("{\"event\":\"set-status\",\"data\":{\"status\":\"away\"}}");
        Await.until(() -> receiver.userEvents("ida").contains("user.status away"), Duration.ofSeconds(30), POLL, "ida's status");

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
            Await.until(() -> receiver.userEvents(user).contains("user.offline") || user.equals("gina"), Duration.ofSeconds(30), POLL, user);
            List<String> presence = receiver.userEvents(user).stream().filter(e -> !e.startsWith("user.status")).toList();
            assertEquals(user.equals("gina") ? List.of("user.online") : List.of("user.online", "user.offline"), presence, user);
        }
        assertEquals(List.of("user.online", "user.offline", "user.online", "user.offline"), receiver.userEvents("dave"),
                "dave's offline came from the node that took him offline after the kill, once");
    }

    /** A token of {@code userId} from the node's development login; every user of this test may also operate. */
    private static String token(Serve s, String userId) {
        return Rest.devToken(s, userId, "presence-admin");
    }

    private static String operator(Serve s) {
        return OPERATOR.computeIfAbsent(s.port(), port -> token(s, "operator"));
    }

    /** What {@code path} on {@code s} answers an operator, which must be 200. */
    private static JsonObject get(Serve s, String path) {
        return Rest.get(s, path, operator(s)).ok();
    }

    /** Waits until node {@code s} shows {@code userId} as {@code expected} says: a change reaches each node asynchronously. */
    private static void awaitStatus(Serve s, String userId, Predicate<JsonObject> expected, String what) {
        Await.until(() -> expected.test(get(s, "/api/user-status/" + userId)), Duration.ofSeconds(5), POLL, what);
    }

    /** The userIds of the status objects in {@code body}'s array {@code list}, in order. */
    private static List<String> userIds(JsonObject body, String list) {
        return body.getJsonArray(list).stream().map(u -> u.asJsonObject().getString("userId")).toList();
    }

    /** Whether {@code body}'s array {@code list} shows {@code userId} online; empty when it does not list them. */
    private static Optional<Boolean> isOnline(JsonObject body, String list, String userId) {
        return body.getJsonArray(list).stream().map(JsonValue::asJsonObject).filter(u -> u.getString("userId").equals(userId))
                .findFirst().map(u -> u.getBoolean("isOnline"));
    }
}
