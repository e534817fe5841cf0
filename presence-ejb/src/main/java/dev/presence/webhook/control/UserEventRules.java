package dev.presence.webhook.control;

import dev.presence.status.control.UserState;
import dev.presence.status.entity.StatusView;
import dev.presence.webhook.entity.WebhookEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which webhook events one change of a user's state makes (PROTOCOL.md §5):
 * <ul>
 * <li>{@code user.online} / {@code user.offline} exactly when others see the user come online or go
 * offline: the public view, in which an invisible user is offline since they went invisible;</li>
 * <li>{@code user.status} for every change of status, statusText or auto-away while the user is online
 * (as the user's own sessions see it, so going invisible is {@code status: "invisible"}), before the
 * online or offline event of the same change.</li>
 * </ul>
 * Coming online or going offline is not a status change: a user who was offline gets no {@code user.status}.
 *
 * <p>Ids are {@code type:userId:version}: the state's version is the same on every node (the data grid
 * decides it), so the same change recorded twice (a partition moving between nodes) is one event.
 */
public final class UserEventRules {

    public static final String ONLINE = "user.online";
    public static final String OFFLINE = "user.offline";
    public static final String STATUS = "user.status";

    private UserEventRules() {
    }

    /** The events of the change from {@code before} to {@code after}, in the order they are delivered. */
    public static List<WebhookEvent> classify(UserState before, UserState after, long now) {
        StatusView selfBefore = before.selfView();
        StatusView selfAfter = after.selfView();
        StatusView publicBefore = before.publicView();
        StatusView publicAfter = after.publicView();
        List<WebhookEvent> events = new ArrayList<>(2);
        String userId = after.userId();
        long version = after.version();
        if (selfBefore.isOnline() && selfAfter.isOnline() && (!selfBefore.status().equals(selfAfter.status())
                || !Objects.equals(selfBefore.statusText(), selfAfter.statusText()) || selfBefore.auto() != selfAfter.auto())) {
            String id = STATUS + ":" + userId + ":" + version;
            events.add(new WebhookEvent(id, version, events.size(), now, EventJson.status(id, now, userId,
                    selfAfter.status(), selfAfter.statusText(), selfAfter.auto())));
        }
        if (publicBefore.isOnline() != publicAfter.isOnline()) {
            String type = publicAfter.isOnline() ? ONLINE : OFFLINE;
            String id = type + ":" + userId + ":" + version;
            events.add(new WebhookEvent(id, version, events.size(), now,
                    EventJson.presence(id, type, now, userId, publicAfter.lastSeen())));
        }
        return events;
    }

    /**
     * {@code user.offline} for a user that a dead node held, taken offline by reconciling the database (a
     * single node after its crash and restart, or a whole cluster restarted). The id carries the lastSeen
     * the reconciliation wrote, so the same reconciliation seen twice is one event.
     */
    public static WebhookEvent offlineAfterCrash(String userId, Instant lastSeen, long now) {
        String id = OFFLINE + ":" + userId + ":r" + (lastSeen == null ? 0 : lastSeen.toEpochMilli());
        return new WebhookEvent(id, now * 1000, 0, now, EventJson.presence(id, OFFLINE, now, userId, lastSeen));
    }
}
