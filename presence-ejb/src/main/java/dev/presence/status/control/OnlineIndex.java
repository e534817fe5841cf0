package dev.presence.status.control;

import dev.presence.status.entity.StatusView;
import dev.presence.status.entity.UserIdCursor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The online list: the userIds of users visibly online anywhere (invisible users are left out for
 * everybody), in userId order, with their count, for {@code get-online-users} and the REST reads; and the
 * count of every user online, invisible ones included, for operators. Paged by an opaque cursor (the last
 * userId of a page).
 */
final class OnlineIndex {

    private final ConcurrentSkipListSet<String> ids = new ConcurrentSkipListSet<>();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger all = new AtomicInteger();

    /** On the user's lane: keeps the list in step with a change of the user's state ({@code before} null for a new entry). */
    void changed(String userId, UserState before, UserState after) {
        boolean wasOnline = before != null && before.isOnline();
        if (wasOnline != after.isOnline()) {
            all.addAndGet(after.isOnline() ? 1 : -1);
        }
        boolean wasVisible = before != null && before.isVisiblyOnline();
        if (wasVisible == after.isVisiblyOnline()) {
            return;
        }
        if (after.isVisiblyOnline()) {
            if (ids.add(userId)) {
                count.incrementAndGet();
            }
        } else if (ids.remove(userId)) {
            count.decrementAndGet();
        }
    }

    /** Users visibly online: what {@code get-online-users} counts. */
    int count() {
        return count.get();
    }

    /** Every user online, invisible ones included: what operators count. */
    int countAll() {
        return all.get();
    }

    /** A page after {@code cursor} (null for the first page); {@code view} gives each user's status object, or null. */
    OnlinePage page(String cursor, int limit, Function<String, StatusView> view) {
        String after = cursor == null ? null : UserIdCursor.decode(cursor);
        Iterator<String> it = (after == null ? ids : ids.tailSet(after, false)).iterator();
        List<StatusView> page = new ArrayList<>(Math.min(limit, 128));
        String last = null;
        while (it.hasNext() && page.size() < limit) {
            StatusView v = view.apply(last = it.next());
            if (v != null) {
                page.add(v);
            }
        }
        String next = it.hasNext() && last != null ? UserIdCursor.encode(last) : null;
        return new OnlinePage(page, count.get(), next);
    }
}
