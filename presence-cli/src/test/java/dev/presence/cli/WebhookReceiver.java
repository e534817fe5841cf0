package dev.presence.cli;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver as the README describes one, on the JDK's HTTP server: it checks each request's
 * {@code Presence-Signature} with its own HMAC code, answers with the status the test sets, and keeps every
 * request. Events of requests it answered with a 2xx count as received; {@link #distinct} de-duplicates
 * them by id, as a backend does. {@code main} runs it alone for the benchmark and prints what it measured.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request: when it came, its body, whether its signature held, what it was answered. */
    record Request(long receivedAt, String body, boolean signed, int answered) {
        List<JsonObject> events() {
            return Json.createReader(new StringReader(body)).readObject().getJsonArray("events").getValuesAs(JsonObject.class);
        }
    }

    private final HttpServer server;
    private final byte[] secret;
    private final AtomicInteger answer = new AtomicInteger(200);
    final List<Request> requests = new CopyOnWriteArrayList<>();

    WebhookReceiver(int port, String secret) throws IOException {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 100);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/hook", exchange -> {
            long at = System.currentTimeMillis();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean signed = verify(exchange.getRequestHeaders().getFirst("Presence-Signature"), body);
            int status = signed ? answer.get() : 401;
            requests.add(new Request(at, body, signed, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** What the next requests are answered (200, or 500 to make the service retry). */
    void answer(int status) {
        answer.set(status);
    }

    /** The README's check: {@code t=...,v1=HEX}, HEX = HMAC-SHA256(secret, t + "." + body), compared in constant time. */
    boolean verify(String header, String body) {
        if (header == null || !header.matches("t=\\d+,v1=[0-9a-f]{64}")) {
            return false;
        }
        String t = header.substring(2, header.indexOf(','));
        String v1 = header.substring(header.indexOf("v1=") + 3);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Events of acknowledged requests, in arrival order, repeats included. */
    List<JsonObject> received() {
        List<JsonObject> out = new ArrayList<>();
        for (Request r : requests) {
            if (r.answered() / 100 == 2) {
                out.addAll(r.events());
            }
        }
        return out;
    }

    /** {@link #received} de-duplicated by id, each at its first arrival. */
    List<JsonObject> distinct() {
        Map<String, JsonObject> byId = new LinkedHashMap<>();
        received().forEach(e -> byId.putIfAbsent(e.getString("id"), e));
        return List.copyOf(byId.values());
    }

    /** The distinct events about {@code userId} (user events) as "type status", in order. */
    List<String> userEvents(String userId) {
        return distinct().stream().filter(e -> e.getString("type").startsWith("user.") && userId.equals(e.getString("userId")))
                .map(e -> e.getString("type") + (e.containsKey("status") ? " " + e.getString("status") : "")).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * For the benchmark: {@code WebhookReceiver PORT SECRET}; prints, every 10 s and when stopped, the
     * deliveries and events per second since the first, and the latency from each event's {@code time} to
     * its arrival (p50, p99, max).
     */
    public static void main(String[] args) throws Exception {
        WebhookReceiver r = new WebhookReceiver(Integer.parseInt(args[0]), args[1]);
        System.out.println("receiving at " + r.url());
        Runnable report = () -> System.out.println(r.report());
        java.lang.Runtime.getRuntime().addShutdownHook(new Thread(report));
        while (true) {
            Thread.sleep(10_000);
            report.run();
        }
    }

    String report() {
        List<Request> all = List.copyOf(requests);
        if (all.isEmpty()) {
            return "{\"requests\":0}";
        }
        List<Long> latencies = new ArrayList<>();
        List<Long> fromSent = new ArrayList<>();
        Map<String, List<Long>> byType = new java.util.TreeMap<>();
        long events = 0;
        long bytes = 0;
        long unsigned = 0;
        for (Request q : all) {
            bytes += q.body().length();
            unsigned += q.signed() ? 0 : 1;
            for (JsonObject e : q.events()) {
                events++;
                long latency = q.receivedAt() - Instant.parse(e.getString("time")).toEpochMilli();
                latencies.add(latency);
                byType.computeIfAbsent(e.getString("type"), k -> new ArrayList<>()).add(latency);
                if (e.containsKey("sentAt")) {
                    fromSent.add(q.receivedAt() - Instant.parse(e.getString("sentAt")).toEpochMilli());
                }
            }
        }
        double seconds = Math.max(1, all.getLast().receivedAt() - all.getFirst().receivedAt()) / 1000.0;
        // while messages flow: from the first request carrying a message.stored to the last
        List<Request> withMessages = all.stream()
                .filter(q -> q.events().stream().anyMatch(e -> e.getString("type").equals("message.stored"))).toList();
        String messagePhase = "null";
        if (withMessages.size() > 1) {
            double span = (withMessages.getLast().receivedAt() - withMessages.getFirst().receivedAt()) / 1000.0;
            long inPhase = all.stream().filter(q -> q.receivedAt() >= withMessages.getFirst().receivedAt()
                    && q.receivedAt() <= withMessages.getLast().receivedAt()).count();
            long phaseEvents = all.stream().filter(q -> q.receivedAt() >= withMessages.getFirst().receivedAt()
                    && q.receivedAt() <= withMessages.getLast().receivedAt()).mapToLong(q -> q.events().size()).sum();
            long phaseBytes = all.stream().filter(q -> q.receivedAt() >= withMessages.getFirst().receivedAt()
                    && q.receivedAt() <= withMessages.getLast().receivedAt()).mapToLong(q -> q.body().length()).sum();
            messagePhase = String.format("{\"seconds\":%.1f,\"requestsPerSecond\":%.1f,\"eventsPerSecond\":%.1f,\"bytesPerSecond\":%.0f}",
                    span, inPhase / span, phaseEvents / span, phaseBytes / span);
        }
        return String.format("{\"requests\":%d,\"events\":%d,\"distinct\":%d,\"unsigned\":%d,\"bytes\":%d,\"seconds\":%.1f,"
                        + "\"requestsPerSecond\":%.1f,\"eventsPerSecond\":%.1f,\"whileMessagesFlow\":%s,\"latencyFromTimeMs\":%s,"
                        + "\"messageLatencyFromSentAtMs\":%s,\"latencyFromTimeByTypeMs\":%s}",
                all.size(), events, r(all), unsigned, bytes, seconds, all.size() / seconds, events / seconds, messagePhase,
                percentiles(latencies), percentiles(fromSent), byType(byType));
    }

    private static String byType(Map<String, List<Long>> byType) {
        StringBuilder b = new StringBuilder("{");
        byType.forEach((type, values) -> b.append(b.length() > 1 ? "," : "").append('"').append(type).append("\":")
                .append(percentiles(values)));
        return b.append('}').toString();
    }

    private static String percentiles(List<Long> values) {
        if (values.isEmpty()) {
            return "null";
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return String.format("{\"n\":%d,\"p50\":%d,\"p99\":%d,\"max\":%d}", sorted.size(), sorted.get(sorted.size() / 2),
                sorted.get((int) Math.max(0, Math.ceil(sorted.size() * 0.99) - 1)), sorted.getLast());
    }

    private long r(List<Request> all) {
        return all.stream().flatMap(q -> q.events().stream()).map(e -> e.getString("id")).distinct().count();
    }
}
