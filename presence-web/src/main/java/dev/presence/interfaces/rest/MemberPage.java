package dev.presence.interfaces.rest;

import dev.presence.status.entity.UserIdCursor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * One page of a chat session's members, in userId order, after an opaque cursor (the last userId of the
 * page before): PROTOCOL.md §5, for chat sessions too large to list at once.
 */
record MemberPage(List<String> userIds, String nextCursor) {

    static MemberPage of(Collection<String> members, String cursor, int limit) {
        TreeSet<String> sorted = new TreeSet<>(members);
        Collection<String> rest = cursor == null ? sorted : sorted.tailSet(UserIdCursor.decode(cursor), false);
        List<String> page = new ArrayList<>(Math.min(limit, rest.size()));
        for (String id : rest) {
            if (page.size() == limit) {
                return new MemberPage(page, UserIdCursor.encode(page.getLast()));
            }
            page.add(id);
        }
        return new MemberPage(page, null);
    }
}
