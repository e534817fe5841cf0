package dev.presence.status.control;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * PROTOCOL.md §5, token lifetime on an open session: a session lives no longer than its token. From
 * {@code exp} minus the notice the session gets {@code token-expiring} once per token; a session still on
 * an expired token (past {@code exp} plus the clock skew) is closed with 4401. A refresh moves {@code exp}.
 * <p>
 * Checked when a session takes a token and by the once-a-second sweep of the live sessions, not by a timer
 * per session: a timer would keep an ended session, its connection and its buffers reachable until its
 * token's expiry, hours for every session that ever connected.
 */
final class TokenLifetime {

    private final Clock clock;
    private final long noticeMillis;
    private final long skewMillis;
    private final Consumer<ClientSession> expired;

    TokenLifetime(Clock clock, long noticeMillis, long skewMillis, Consumer<ClientSession> expired) {
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

    /** Sends the notice when it is due, closes the session when its token has expired. */
    void check(ClientSession s) {
        long exp = s.tokenExpiresAt();
        if (exp == Long.MAX_VALUE || s.hasEnded()) {
            return;
        }
        long now = clock.millis();
        if (now > exp + skewMillis) {
            expired.accept(s);
        } else if (now >= exp - noticeMillis && s.noticeSentFor(exp)) {
            s.send(Frames.tokenExpiring(Instant.ofEpochMilli(exp)));
        }
    }
}
