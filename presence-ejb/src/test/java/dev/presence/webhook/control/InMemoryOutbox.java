package dev.presence.webhook.control;

import dev.presence.webhook.entity.WebhookEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An outbox in memory, as the database keeps it: one event per id, in (seq, n) order; can be made to fail. */
final class InMemoryOutbox implements Outbox {

    record Key(long seq, int n, String id) {
    }

    private final TreeMap<Key, WebhookEvent> waiting = new TreeMap<>(Comparator.comparingLong(Key::seq)
            .thenComparingInt(Key::n).thenComparing(Key::id));
    private final Map<String, Key> keys = new LinkedHashMap<>();
    final List<WebhookEvent> delivered = new ArrayList<>();
    final List<WebhookEvent> gaveUp = new ArrayList<>();
    final List<List<WebhookEvent>> inserts = new ArrayList<>();
    volatile boolean down;

    @Override
    public synchronized void insert(List<WebhookEvent> events) {
        if (down) {
            throw new IllegalStateException("database away");
        }
        inserts.add(List.copyOf(events));
        for (WebhookEvent e : events) {
            if (!keys.containsKey(e.id())) {
                Key k = new Key(e.seq(), e.n(), e.id());
                keys.put(e.id(), k);
                waiting.put(k, e);
            }
        }
    }

    @Override
    public synchronized List<WebhookEvent> head(int limit) {
        if (down) {
            throw new IllegalStateException("database away");
        }
        return waiting.values().stream().limit(limit).toList();
    }

    @Override
    public synchronized void delivered(List<WebhookEvent> events, long at) {
        remove(events);
        delivered.addAll(events);
    }

    @Override
    public synchronized void gaveUp(List<WebhookEvent> events, long at) {
        remove(events);
        gaveUp.addAll(events);
    }

    private void remove(List<WebhookEvent> events) {
        for (WebhookEvent e : events) {
            Key k = keys.remove(e.id());
            if (k != null) {
                waiting.remove(k);
            }
        }
    }

    @Override
    public long prune(long before) {
        return 0;
    }

    synchronized List<WebhookEvent> waiting() {
        return List.copyOf(waiting.values());
    }
}
