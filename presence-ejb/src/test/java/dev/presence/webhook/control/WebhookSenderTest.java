package dev.presence.webhook.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.testing.MutableClock;
import dev.presence.webhook.entity.WebhookEvent;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The delivery loop's rules, one step at a time on a manual clock. */
class WebhookSenderTest {

    private static final long LEASE = 15_000;
    private static final byte[] SECRET = "test-secret-of-some-length".getBytes(StandardCharsets.UTF_8);

    private final MutableClock clock = new MutableClock();
    private final InMemoryOutbox outbox = new InMemoryOutbox();

    /** A lease that is granted or not as the test says, and remembers what it was told. */
    private static final class Lease implements SenderLease {
        boolean grant = true;
        long reportedDelivered;
        final List<String> errors = new ArrayList<>();
        int recovered;
        boolean released;

        @Override
        public boolean hold(long now, long leaseMillis, long delivered) {
            reportedDelivered += delivered;
            return grant;
        }

        @Override
        public void release(long now) {
            released = true;
        }

        @Override
        public void failed(long now, String error) {
            errors.add(error);
        }

        @Override
        public void recovered(long now) {
            recovered++;
        }
    }

    /** A receiver that answers as scripted (then 200), keeping every request. */
    private final class Receiver implements Poster {
        record Request(String body, String signature, long at) {
        }

        final List<Request> requests = new ArrayList<>();
        final ArrayDeque<Object> answers = new ArrayDeque<>();

        @Override
        public int post(String body, String signature) throws IOException {
            requests.add(new Request(body, signature, clock.millis()));
            Object answer = answers.isEmpty() ? 200 : answers.poll();
            if (answer instanceof IOException e) {
                throw e;
            }
            return (Integer) answer;
        }

        List<String> idsOf(int request) {
            return Events.parse(requests.get(request).body()).getJsonArray("events").getValuesAs(JsonObject.class)
                    .stream().map(e -> e.getString("id")).toList();
        }
    }

    private final Lease lease = new Lease();
    private final Receiver receiver = new Receiver();
    private final AtomicLong deliveredMetric = new AtomicLong();
    private final AtomicLong failedMetric = new AtomicLong();
    private final WebhookSender sender = new WebhookSender(outbox, lease, receiver, new Signature(SECRET), clock, LEASE,
            Duration.ofHours(24).toMillis(), new WebhookMetrics() {
                @Override
                public void delivered(long events) {
                    deliveredMetric.addAndGet(events);
                }

                @Override
                public void failed() {
                    failedMetric.incrementAndGet();
                }

                @Override
                public void dropped(long events) {
                }
            }, "http://receiver.test/hook");

    private WebhookEvent event(String userId, long seq, int n) {
        String id = "user.status:" + userId + ":" + seq + "-" + n;
        return new WebhookEvent(id, seq, n, clock.millis(), "{\"id\":\"" + id + "\",\"type\":\"user.status\",\"userId\":\"" + userId + "\"}");
    }

    private long turn() throws InterruptedException {
        return sender.turn();
    }

    /** Takes turns, moving the clock on as each says, until {@code done}; fails after {@code maxTurns}. */
    private void turnUntil(java.util.function.BooleanSupplier done, int maxTurns) throws InterruptedException {
        for (int i = 0; !done.getAsBoolean(); i++) {
            if (i == maxTurns) {
                throw new AssertionError("not done after " + maxTurns + " turns");
            }
            clock.advance(Duration.ofMillis(turn()));
        }
    }

    @Test
    void sendsTheWaitingEventsInOrderAtMostAHundredABatchSignedAndTakesOutWhatWasAcknowledged() throws Exception {
        List<WebhookEvent> events = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            events.add(event("u" + (i % 7), 1_000 + i, 0));
        }
        List<WebhookEvent> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new java.util.Random(7));
        outbox.insert(shuffled);
        assertEquals(0, turn());
        assertEquals(0, turn());
        assertEquals(0, turn());
        assertEquals(WebhookSender.IDLE_POLL.toMillis(), turn(), "nothing left: it looks again later");
        assertEquals(3, receiver.requests.size());
        List<String> sent = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            sent.addAll(receiver.idsOf(r));
        }
        assertEquals(List.of(100, 100, 50), List.of(receiver.idsOf(0).size(), receiver.idsOf(1).size(), receiver.idsOf(2).size()));
        assertEquals(events.stream().map(WebhookEvent::id).toList(), sent);
        for (Receiver.Request r : receiver.requests) {
            assertEquals(new Signature(SECRET).header(r.at() / 1000, r.body()), r.signature());
            assertTrue(r.signature().startsWith("t=" + r.at() / 1000 + ",v1="), r.signature());
        }
        assertEquals(List.of(), outbox.waiting());
        assertEquals(250, outbox.delivered.size());
        assertEquals(250, deliveredMetric.get());
    }

    @Test
    void anyTwoHundredAcknowledgesAndAnythingElseIsAFailure() throws Exception {
        outbox.insert(List.of(event("a", 1, 0)));
        receiver.answers.addAll(List.of(302, 400, 404, 500, 503, 204));
        turnUntil(() -> receiver.requests.size() == 5, 100);
        assertEquals(List.of("HTTP 302", "HTTP 400", "HTTP 404", "HTTP 500", "HTTP 503"), lease.errors);
        assertEquals(1, outbox.waiting().size());
        turnUntil(() -> receiver.requests.size() == 6, 100);
        assertEquals(List.of(), outbox.waiting(), "204 acknowledged");
        assertEquals(5, failedMetric.get());
        assertEquals(1, lease.recovered);
    }

    @Test
    void aFailureIsRetriedAfterOneSecondDoublingAndNothingBehindItGoesFirst() throws Exception {
        outbox.insert(List.of(event("a", 1, 0), event("b", 2, 0)));
        receiver.answers.addAll(List.of(500, new ConnectException("refused"), new HttpTimeoutException("request timed out"), 500));
        int seen = 0;
        long seq = 100;
        for (int turns = 0; receiver.requests.size() < 5; turns++) {
            assertTrue(turns < 100, "too many turns");
            long wait = turn();
            if (receiver.requests.size() > seen) {
                seen = receiver.requests.size();
                outbox.insert(List.of(event("a", seq++, 0))); // newer events of the same user keep coming
            }
            clock.advance(Duration.ofMillis(Math.max(1, wait)));
        }
        List<Long> gaps = new ArrayList<>();
        for (int r = 1; r < 5; r++) {
            gaps.add(receiver.requests.get(r).at() - receiver.requests.get(r - 1).at());
        }
        assertEquals(List.of(1_000L, 2_000L, 4_000L, 8_000L), gaps, "nothing is sent while it backs off");
        assertEquals("HTTP 500", lease.errors.get(0));
        assertTrue(lease.errors.get(1).contains("ConnectException"), lease.errors.get(1));
        assertEquals("no answer in time (request timed out)", lease.errors.get(2));
        for (int r = 0; r < 5; r++) {
            assertEquals(List.of("user.status:a:1-0", "user.status:b:2-0"), receiver.idsOf(r).subList(0, 2), "the same head every time");
        }
        turn();
        List<String> delivered = outbox.delivered.stream().map(WebhookEvent::id).toList();
        assertEquals(List.of("user.status:a:1-0", "user.status:b:2-0", "user.status:a:100-0", "user.status:a:101-0",
                "user.status:a:102-0", "user.status:a:103-0", "user.status:a:104-0"), delivered, "a's events in order");
    }

    @Test
    void theBackoffStopsGrowingAtFiveMinutes() throws Exception {
        outbox.insert(List.of(event("a", 1, 0)));
        for (int i = 0; i < 12; i++) {
            receiver.answers.add(500);
        }
        List<Long> gaps = new ArrayList<>();
        turnUntil(() -> receiver.requests.size() == 12, 1_000);
        for (int r = 1; r < 12; r++) {
            gaps.add((receiver.requests.get(r).at() - receiver.requests.get(r - 1).at()) / 1000);
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 300L, 300L), gaps);
    }

    @Test
    void eventsStillFailingADayAfterTheyHappenedAreGivenUpAndTheRestGoesOn() throws Exception {
        outbox.insert(List.of(event("a", 1, 0)));
        clock.advance(Duration.ofHours(2));
        outbox.insert(List.of(event("a", 2, 0)));
        for (int i = 0; i < 10_000; i++) {
            receiver.answers.add(500);
        }
        long start = clock.millis() - Duration.ofHours(2).toMillis();
        turnUntil(() -> !outbox.gaveUp.isEmpty(), 100_000);
        long gaveUpAfter = clock.millis() - start;
        assertTrue(gaveUpAfter >= Duration.ofHours(24).toMillis() && gaveUpAfter < Duration.ofHours(24).plusMinutes(6).toMillis(),
                "given up after " + Duration.ofMillis(gaveUpAfter));
        assertEquals(List.of("user.status:a:1-0"), outbox.gaveUp.stream().map(WebhookEvent::id).toList());
        assertEquals(List.of("user.status:a:2-0"), outbox.waiting().stream().map(WebhookEvent::id).toList(), "the later one is still tried");
        // 9 attempts in the first 8.5 min, then one each 5 min for the 22 h left of the first event's day
        assertTrue(receiver.requests.size() > 260, "retried all along: " + receiver.requests.size());
    }

    @Test
    void aBatchIsAtMostAMebibyteUnlessOneEventAloneIsLarger() throws Exception {
        String big = "x".repeat(600_000);
        outbox.insert(List.of(new WebhookEvent("e1", 1, 0, 0, "\"" + big + "\""), new WebhookEvent("e2", 2, 0, 0, "\"" + big + "\""),
                new WebhookEvent("e3", 3, 0, 0, "\"" + "y".repeat(2_000_000) + "\"")));
        turn();
        turn();
        turn();
        assertEquals(3, receiver.requests.size());
        assertTrue(receiver.requests.stream().allMatch(r -> r.body().length() <= (1 << 20) || r.body().contains("yyyy")));
    }

    @Test
    void onlyTheLeaseHolderSendsAndItRenewsTheLeaseEveryThirdOfIt() throws Exception {
        outbox.insert(List.of(event("a", 1, 0)));
        lease.grant = false;
        assertEquals(LEASE / 3, turn());
        assertEquals(0, receiver.requests.size(), "another node sends");
        clock.advance(Duration.ofMillis(LEASE / 3));
        lease.grant = true;
        assertEquals(0, turn());
        assertEquals(1, receiver.requests.size());
        outbox.insert(List.of(event("a", 2, 0)));
        clock.advance(Duration.ofMillis(LEASE / 3));
        lease.grant = false; // lost meanwhile (this node paused past its lease)
        turn();
        assertEquals(1, receiver.requests.size(), "it stops sending when it learns it lost the lease");
        assertEquals(1, lease.reportedDelivered, "deliveries are reported with the renewal");
        sender.release();
        assertTrue(!lease.released, "nothing to release when not holding");
    }

    @Test
    void aGracefulStopReleasesTheLease() throws Exception {
        turn();
        sender.release();
        assertTrue(lease.released);
    }
}
