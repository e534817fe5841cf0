package dev.presence.chat.control;

import dev.presence.chat.entity.ChatMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The idempotency keys of the messages stored last, so that a client retrying a send (the common case:
 * seconds later) is answered without a database read. Bounded in entries and in age, and without the
 * texts: the 24-hour guarantee comes from the keys in the store, this is only a shortcut. Used by the
 * message writer's one thread.
 */
final class RecentKeys {

    static final Duration MAX_AGE = Duration.ofMinutes(10);

    private final int capacity;
    /** key → the first message of it, text left out; in insertion order, so the oldest is first. */
    private final LinkedHashMap<String, ChatMessage> byKey = new LinkedHashMap<>();

    RecentKeys(int capacity) {
        this.capacity = capacity;
    }

    ChatMessage get(String key) {
        return byKey.get(key);
    }

    boolean contains(String key) {
        return byKey.containsKey(key);
    }

    /** Remembers the first message of {@code key} (keeping an earlier one), then trims by age and size. */
    void remember(String key, ChatMessage first, Instant now) {
        byKey.putIfAbsent(key, new ChatMessage(first.messageId(), first.chatSessionId(), first.userId(), "",
                first.sentAt(), first.clientMessageId()));
        Instant horizon = now.minus(MAX_AGE);
        Iterator<Map.Entry<String, ChatMessage>> it = byKey.entrySet().iterator();
        while (it.hasNext()) {
            ChatMessage oldest = it.next().getValue();
            if (byKey.size() <= capacity && !oldest.sentAt().isBefore(horizon)) {
                break;
            }
            it.remove();
        }
    }

    int size() {
        return byKey.size();
    }
}
