package dev.presence.status.control;

import dev.presence.status.entity.StatusView;
import java.util.List;

/** One page of the online list, ordered by userId; {@code nextCursor} is null on the last page. */
public record OnlinePage(List<StatusView> users, int total, String nextCursor) {
}
