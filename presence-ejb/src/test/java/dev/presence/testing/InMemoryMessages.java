package dev.presence.testing;

import dev.presence.chat.control.MessageHistory;
import dev.presence.chat.control.MessageStore;
import dev.presence.chat.entity.ChatMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/** Messages and idempotency keys in memory, ordered by messageId (time-ordered hex), as the database keeps them. */
public final class InMemoryMessages implements MessageStore, MessageHistory {

    private final TreeMap<String, ChatMessage> byId = new TreeMap<>();
    private final Map<String, ChatMessage> keys = new HashMap<>();
    /** Every bulk write, as the message log made it. */
    public final List<List<ChatMessage>> appends = new ArrayList<>();
    /** While set, writes fail as with the database away. */
    public volatile boolean down;

    @Override
    public synchronized Map<String, ChatMessage> firstOf(Collection<String> wanted) {
        Map<String, ChatMessage> out = new HashMap<>();
        wanted.forEach(k -> {
            if (keys.containsKey(k)) {
                out.put(k, keys.get(k));
            }
        });
        return out;
    }

    @Override
    public synchronized void append(List<ChatMessage> messages) {
        if (down) {
            throw new IllegalStateException("database away");
        }
        appends.add(List.copyOf(messages));
        for (ChatMessage m : messages) {
            byId.put(m.messageId(), m);
            if (m.clientMessageId() != null) {
                keys.putIfAbsent(MessageStore.key(m.userId(), m.clientMessageId()), m);
            }
        }
    }

    @Override
    public synchronized boolean isMessageOf(String chatSessionId, String messageId) {
        ChatMessage m = byId.get(messageId);
        return m != null && m.chatSessionId().equals(chatSessionId);
    }

    @Override
    public synchronized Page before(String chatSessionId, Optional<String> before, int limit) {
        NavigableMap<String, ChatMessage> older = before.map(b -> byId.headMap(b, false)).orElse(byId).descendingMap();
        return page(older, chatSessionId, limit);
    }

    @Override
    public synchronized Page after(String chatSessionId, String after, int limit) {
        return page(byId.tailMap(after, false), chatSessionId, limit);
    }

    private static Page page(NavigableMap<String, ChatMessage> in, String chatSessionId, int limit) {
        List<ChatMessage> out = new ArrayList<>();
        for (ChatMessage m : in.values()) {
            if (!m.chatSessionId().equals(chatSessionId)) {
                continue;
            }
            if (out.size() == limit) {
                return new Page(out, out.getLast().messageId());
            }
            out.add(m);
        }
        return new Page(out, null);
    }
}
