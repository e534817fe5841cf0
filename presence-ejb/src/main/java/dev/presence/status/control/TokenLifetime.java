package dev.presence.status.control;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * PROTOCOL.md §5, token lifetime on an open session: a session lives no longer than its token. From
 * {@code exp} minus the notice the session gets {@code token-expiring} once per token; a session still on
 * an expired token (past {@code exp} plus the clock skew) is closed with 4401. A refresh moves {@code exp}.
 * <p>
 * Each session has at most one check waiting in the {@link Deadlines}, however often it refreshes: a check
 * that comes too early for the token now held schedules the next one.
 */
final class TokenLifetime {

    private final Deadlines deadlines;
    private final Clock clock;
    private final long noticeMillis;
    private final long skewMillis;
    private final Consumer<ClientSession> expired;

    TokenLifetime(Deadlines deadlines, Clock clock, long noticeMillis, long skewMillis, Consumer<ClientSession> expired) {
        this.deadlines = deadlines;
        this.clock = clock;
        this.noticeMillis = noticeMillis;
        this.skewMillis = skewMillis;
        this.expired = expired;
    }

    /** The session now holds a token expiring at {@code expiresAt}: right after authenticating, or a refresh. */
    void holds(ClientSession s, Instant expiresAt) {
        s.tokenExpiresAt(expiresAt.toEpochMilli());
        check(s);
    }

    private void check(ClientSession s) {
        if (s.hasEnded()) {
            return;
        }
        long now = clock.millis();
        long exp = s.tokenExpiresAt();
        if (now > exp + skewMillis) {
            expired.accept(s);
            return;
        }
        long noticeAt = exp - noticeMillis;
        if (now >= noticeAt && s.noticeSentFor(exp)) {
            s.send(Frames.tokenExpiring(Instant.ofEpochMilli(exp)));
        }
        long next = now < noticeAt ? noticeAt : exp + skewMillis + 1;
        if (s.tokenCheckAt(next)) {
            deadlines.schedule(next, () -> {
                s.tokenChecked(next);
                check(s);
            });
        }
    }
}
