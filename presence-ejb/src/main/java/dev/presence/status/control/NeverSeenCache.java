package dev.presence.status.control;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * userIds the database said it had never seen, remembered for a short while so that reads of arbitrary
 * ids (a subscription to 1,000 ids nobody has, asked again and again) do not reach the database each time.
 * Bounded in entries and in age: the oldest entry goes first, and none is trusted past {@code ttlMillis}.
 * Not thread-safe: its owner locks around it.
 */
final class NeverSeenCache {

    private final int capacity;
    private final long ttlMillis;
    /** userId → when the database said so; in insertion order, so the oldest is first. */
    private final LinkedHashMap<String, Long> since = new LinkedHashMap<>();

    NeverSeenCache(int capacity, long ttlMillis) {
        this.capacity = capacity;
        this.ttlMillis = ttlMillis;
    }

    boolean contains(String userId, long nowMillis) {
        Long at = since.get(userId);
        if (at == null) {
            return false;
        }
        if (nowMillis - at >= ttlMillis) {
            since.remove(userId);
            return false;
        }
        return true;
    }

    void add(String userId, long nowMillis) {
        since.remove(userId);
        since.put(userId, nowMillis);
        expire(nowMillis);
        while (since.size() > capacity) {
            Iterator<Map.Entry<String, Long>> oldest = since.entrySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** The user exists now (this node created them). */
    void remove(String userId) {
        since.remove(userId);
    }

    int size() {
        return since.size();
    }

    private void expire(long nowMillis) {
        Iterator<Map.Entry<String, Long>> it = since.entrySet().iterator();
        while (it.hasNext() && nowMillis - it.next().getValue() >= ttlMillis) {
            it.remove();
        }
    }
}
