package dev.presence.store.control;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import dev.presence.chat.control.MessageHistory;
import dev.presence.chat.control.MessageStore;
import dev.presence.chat.entity.ChatMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * The {@code messages} collection (history) and {@code message_keys} (idempotency keys of the last 24 h,
 * {@code _id} = userId + NUL + clientMessageId) through the driver. The keys live apart from the messages
 * so they can be pruned by time while the history stays.
 */
public final class MessageDocuments implements MessageStore, MessageHistory {

    public static final String MESSAGES = "messages";
    public static final String KEYS = "message_keys";
    private static final int DUPLICATE_KEY = 11000;

    private final MongoCollection<Document> messages;
    private final MongoCollection<Document> keys;

    public MessageDocuments(MongoDatabase database) {
        this.messages = database.getCollection(MESSAGES);
        this.keys = database.getCollection(KEYS);
    }

    public void ensureIndexes() {
        messages.createIndex(Indexes.compoundIndex(Indexes.ascending("chatSessionId"), Indexes.descending("_id")),
                new IndexOptions().name("chatSessionId_id"));
        keys.createIndex(Indexes.ascending("sentAt"), new IndexOptions().name("sentAt"));
    }

    /** A new time-ordered message id. */
    public static String newMessageId(Instant at) {
        return new ObjectId(Date.from(at)).toHexString();
    }

    @Override
    public Map<String, ChatMessage> firstOf(Collection<String> ids) {
        Map<String, ChatMessage> out = new HashMap<>();
        for (Document k : keys.find(Filters.in("_id", List.copyOf(ids)))) {
            out.put(k.getString("_id"), new ChatMessage(k.getString("messageId"), k.getString("chatSessionId"),
                    k.getString("userId"), null, k.getDate("sentAt").toInstant(), k.getString("clientMessageId")));
        }
        return out;
    }

    @Override
    public void append(List<ChatMessage> batch) {
        appendMessages(batch);
        appendKeys(batch);
    }

    /**
     * The first half of {@link #append}: the messages. Something that must be stored with them, but only
     * once they are (a webhook event), goes between the halves: if it fails, no key exists yet, so the
     * client's retry is stored afresh rather than resolved to a message that has no event.
     */
    public void appendMessages(List<ChatMessage> batch) {
        List<Document> docs = new ArrayList<>(batch.size());
        for (ChatMessage m : batch) {
            docs.add(new Document("_id", new ObjectId(m.messageId())).append("chatSessionId", m.chatSessionId())
                    .append("userId", m.userId()).append("text", m.text()).append("sentAt", Date.from(m.sentAt()))
                    .append("clientMessageId", m.clientMessageId()));
        }
        messages.insertMany(docs, new InsertManyOptions().ordered(false));
    }

    /** The second half of {@link #append}: the idempotency keys of the messages that have a clientMessageId. */
    public void appendKeys(List<ChatMessage> batch) {
        List<Document> keyDocs = new ArrayList<>();
        for (ChatMessage m : batch) {
            if (m.clientMessageId() != null) {
                keyDocs.add(new Document("_id", MessageStore.key(m.userId(), m.clientMessageId()))
                        .append("messageId", m.messageId()).append("chatSessionId", m.chatSessionId())
                        .append("userId", m.userId()).append("clientMessageId", m.clientMessageId())
                        .append("sentAt", Date.from(m.sentAt())));
            }
        }
        if (!keyDocs.isEmpty()) {
            try {
                keys.insertMany(keyDocs, new InsertManyOptions().ordered(false));
            } catch (MongoBulkWriteException e) {
                // a key already there names an earlier message; the log resolved repeats before writing
                for (BulkWriteError err : e.getWriteErrors()) {
                    if (err.getCode() != DUPLICATE_KEY) {
                        throw e;
                    }
                }
            }
        }
    }

    /** Drops idempotency keys older than {@code horizon}; returns how many. */
    public long pruneKeys(Instant horizon) {
        return keys.deleteMany(Filters.lt("sentAt", Date.from(horizon))).getDeletedCount();
    }

    /** Drops messages sent before {@code horizon}; returns how many. */
    public long pruneMessages(Instant horizon) {
        return messages.deleteMany(Filters.lt("sentAt", Date.from(horizon))).getDeletedCount();
    }

    @Override
    public boolean isMessageOf(String chatSessionId, String messageId) {
        return ObjectId.isValid(messageId)
                && messages.find(Filters.and(Filters.eq("_id", new ObjectId(messageId)),
                        Filters.eq("chatSessionId", chatSessionId))).first() != null;
    }

    @Override
    public Page before(String chatSessionId, Optional<String> before, int limit) {
        var filter = before.map(b -> Filters.and(Filters.eq("chatSessionId", chatSessionId), Filters.lt("_id", new ObjectId(b))))
                .orElse(Filters.eq("chatSessionId", chatSessionId));
        return page(filter, Sorts.descending("_id"), limit);
    }

    @Override
    public Page after(String chatSessionId, String after, int limit) {
        return page(Filters.and(Filters.eq("chatSessionId", chatSessionId), Filters.gt("_id", new ObjectId(after))),
                Sorts.ascending("_id"), limit);
    }

    /** Up to {@code limit} messages in {@code order}; {@code next} is the last shown when more follow. */
    private Page page(org.bson.conversions.Bson filter, org.bson.conversions.Bson order, int limit) {
        List<ChatMessage> page = new ArrayList<>(limit + 1);
        for (Document d : messages.find(filter).sort(order).limit(limit + 1)) {
            page.add(new ChatMessage(d.getObjectId("_id").toHexString(), d.getString("chatSessionId"), d.getString("userId"),
                    d.getString("text"), d.getDate("sentAt").toInstant(), d.getString("clientMessageId")));
        }
        if (page.size() <= limit) {
            return new Page(page, null);
        }
        List<ChatMessage> shown = page.subList(0, limit);
        return new Page(List.copyOf(shown), shown.get(limit - 1).messageId());
    }
}
