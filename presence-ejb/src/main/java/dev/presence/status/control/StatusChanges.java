package dev.presence.status.control;

import dev.presence.status.entity.Status;
import dev.presence.status.entity.StatusView;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A user's own changes, asked for by one of their sessions or over REST: a chosen status, idle and
 * active again, lastSeen now. Each runs on the user's lane, in the order asked.
 */
public final class StatusChanges {

    private final Clock clock;
    private final UserTransitions transitions;

    StatusChanges(Clock clock, UserTransitions transitions) {
        this.clock = clock;
        this.transitions = transitions;
    }

    public void setStatus(ClientSession s, Status status, String statusText) {
        UserPresence u = PresenceRegistry.requireUser(s);
        long now = clock.millis();
        u.lane().run(() -> transitions.statusChosen(u, status, statusText, now));
    }

    /**
     * PROTOCOL.md §5 {@code set-idle}: the session is idle or active again. An available user whose every
     * session is idle appears away with {@code auto: true}; one active session makes them available again.
     */
    public void setIdle(ClientSession s, boolean idle) {
        UserPresence u = PresenceRegistry.requireUser(s);
        if (s.idle() == idle) {
            return;
        }
        s.idle(idle);
        u.lane().run(() -> transitions.idleChanged(u));
    }

    /** {@code PUT /api/user-status/last-seen}: the caller's lastSeen becomes now. */
    public StatusView markLastSeen(String userId) {
        long now = clock.millis();
        CompletableFuture<StatusView> done = new CompletableFuture<>();
        transitions.markSeen(userId, now, done);
        try {
            return done.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            throw new IllegalStateException("lastSeen of " + userId + " was not recorded within 30 s", e);
        }
    }
}
