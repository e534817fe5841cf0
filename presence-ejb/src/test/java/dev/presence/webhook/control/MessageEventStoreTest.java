package dev.presence.webhook.control;

import dev.presence.store.control.InMemoryMongo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.presence.chat.control.MessageLog;
import dev.presence.chat.entity.ChatMessage;
import dev.presence.store.control.MessageDocuments;
import dev.presence.testing.MutableClock;
import dev.presence.webhook.entity.WebhookEvent;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code message.stored} is persisted in the message log's group commit: when a send is acknowledged its
 * event is in the outbox; when the outbox cannot be written nothing is acknowledged.
 */
class MessageEventStoreTest {

    private final MutableClock clock = new MutableClock();
    private final Map<String, Collection<String>> members = new ConcurrentHashMap<>();
    private InMemoryMongo mongo;
    private MongoDatabase db;
    private OutboxDocuments outbox;
    private FailingOutbox failing;
    private MessageLog log;
    private int sent;

    /** The real outbox, which the test can make fail. */
    private static final class FailingOutbox implements Outbox {
        final Outbox real;
        volatile boolean down;

        FailingOutbox(Outbox real) {
            this.real = real;
        }

        @Override
        public void insert(List<WebhookEvent> events) {
            if (down) {
                throw new IllegalStateException("outbox away");
            }
            real.insert(events);
        }

        @Override
        public List<WebhookEvent> head(int limit) {
            return real.head(limit);
        }

        @Override
        public void delivered(List<WebhookEvent> events, long at) {
            real.delivered(events, at);
        }

        @Override
        public void gaveUp(List<WebhookEvent> events, long at) {
            real.gaveUp(events, at);
        }

        @Override
        public long prune(long before) {
            return real.prune(before);
        }
    }

    @BeforeEach
    void start() {
        mongo = new InMemoryMongo();
        db = mongo.db;
        outbox = new OutboxDocuments(db, Duration.ofHours(24));
        failing = new FailingOutbox(outbox);
        log = new MessageLog(new MessageEventStore(new MessageDocuments(db), id -> members.getOrDefault(id, List.of()), failing,
                clock, () -> { }), clock, Thread::new);
    }

    @AfterEach
    void stop() {
        log.close();
        mongo.close();
    }

    private CompletableFuture<MessageLog.Outcome> send(String room, String user, String text, String clientMessageId) {
        sent++;
        Instant at = clock.instant();
        return log.submit(new ChatMessage(MessageDocuments.newMessageId(at), room, user, text, at, clientMessageId));
    }

    private static MessageLog.Outcome acked(CompletableFuture<MessageLog.Outcome> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    private List<JsonObject> outboxEvents() {
        return Events.parse(outbox.head(1000));
    }

    @Test
    void anAcknowledgedMessageHasItsEventInTheOutboxAlready() throws Exception {
        members.put("room", List.of("alice", "bob", "carol"));
        List<CompletableFuture<MessageLog.Outcome>> sends = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sends.add(send("room", "alice", "message " + i, "c" + i));
        }
        List<String> acked = new ArrayList<>();
        for (CompletableFuture<MessageLog.Outcome> f : sends) {
            MessageLog.Outcome o = acked(f);
            acked.add(o.message().messageId());
            // at the moment of the ack the event is durable
            assertEquals(1, db.getCollection(OutboxDocuments.OUTBOX).countDocuments(
                    new org.bson.Document("_id", "message.stored:" + o.message().messageId())));
        }
        List<JsonObject> events = outboxEvents();
        assertEquals(acked, events.stream().map(e -> e.getString("messageId")).toList(), "in the order they were stored");
        JsonObject first = events.getFirst();
        assertEquals(List.of("bob", "carol"), first.getJsonArray("deliveredTo").getValuesAs(JsonString::getString));
        assertEquals("message 0", first.getString("preview"));
    }

    @Test
    void deliveredToIsWhoHadASessionInTheChatSessionWhenTheMessageWasStored() throws Exception {
        members.put("room", List.of("alice", "bob"));
        acked(send("room", "alice", "one", null));
        members.put("room", List.of("alice", "bob", "dan"));
        acked(send("room", "alice", "two", null));
        List<List<String>> deliveredTo = outboxEvents().stream()
                .map(e -> e.getJsonArray("deliveredTo").getValuesAs(JsonString::getString)).toList();
        assertEquals(List.of(List.of("bob"), List.of("bob", "dan")), deliveredTo);
    }

    @Test
    void aRepeatIsAcknowledgedWithoutASecondEvent() throws Exception {
        String first = acked(send("room", "alice", "hi", "same")).message().messageId();
        MessageLog.Outcome again = acked(send("room", "alice", "hi", "same"));
        assertTrue(again.repeat());
        assertEquals(first, again.message().messageId());
        assertEquals(1, outboxEvents().size());
    }

    @Test
    void whenTheOutboxCannotBeWrittenNothingIsAcknowledgedAndTheRetryGetsItsEvent() throws Exception {
        failing.down = true;
        ExecutionException e = assertThrows(ExecutionException.class, () -> acked(send("room", "alice", "lost?", "k1")));
        assertTrue(e.getCause().getMessage().contains("outbox away"), e.toString());
        failing.down = false;
        MessageLog.Outcome retry = acked(send("room", "alice", "lost?", "k1"));
        assertFalse(retry.repeat(), "no key was stored for the failed one: the retry is stored afresh");
        assertEquals(List.of(retry.message().messageId()), outboxEvents().stream().map(j -> j.getString("messageId")).toList());
    }
}
