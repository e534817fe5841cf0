package dev.presence.status.control;

import dev.presence.status.entity.Identifiers;
import dev.presence.status.entity.StatusView;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The online list: the userIds of users online anywhere, in userId order, with their count, for
 * {@code get-online-users} and the REST reads. Paged by an opaque cursor (the last userId of a page).
 */
final class OnlineIndex {

    private final ConcurrentSkipListSet<String> ids = new ConcurrentSkipListSet<>();
    private final AtomicInteger count = new AtomicInteger();

    /** On the user's lane: keeps the list in step with a change of the user's presence. */
    void changed(String userId, boolean wasOnline, boolean isOnline) {
        if (wasOnline == isOnline) {
            return;
        }
        if (isOnline) {
            if (ids.add(userId)) {
                count.incrementAndGet();
            }
        } else if (ids.remove(userId)) {
            count.decrementAndGet();
        }
    }

    int count() {
        return count.get();
    }

    /** A page after {@code cursor} (null for the first page); {@code view} gives each user's status object, or null. */
    OnlinePage page(String cursor, int limit, Function<String, StatusView> view) {
        String after = cursor == null ? null : decodeCursor(cursor);
        Iterator<String> it = (after == null ? ids : ids.tailSet(after, false)).iterator();
        List<StatusView> page = new ArrayList<>(Math.min(limit, 128));
        String last = null;
        while (it.hasNext() && page.size() < limit) {
            StatusView v = view.apply(last = it.next());
            if (v != null) {
                page.add(v);
            }
        }
        String next = it.hasNext() && last != null ? encodeCursor(last) : null;
        return new OnlinePage(page, count.get(), next);
    }

    private static String encodeCursor(String userId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(userId.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        String id;
        try {
            id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor is not one this service issued");
        }
        if (!Identifiers.isValid(id)) {
            throw new IllegalArgumentException("cursor is not one this service issued");
        }
        return id;
    }
}
