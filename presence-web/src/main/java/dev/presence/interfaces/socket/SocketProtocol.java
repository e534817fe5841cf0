package dev.presence.interfaces.socket;

import dev.presence.auth.control.InvalidTokenException;
import dev.presence.auth.control.TokenVerifier;
import dev.presence.status.control.ClientSession;
import dev.presence.status.control.CloseCodes;
import dev.presence.status.control.Frames;
import dev.presence.status.control.PresenceMetrics;
import dev.presence.status.control.PresenceRegistry;
import dev.presence.status.control.PresenceSettings;
import dev.presence.status.control.SubscriptionLimitException;
import dev.presence.status.entity.Status;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The client events of PROTOCOL.md §2: decode, validate, delegate to the registry, encode the reply. One
 * instance serves every session; it keeps no state of its own.
 */
public final class SocketProtocol {

    private static final Logger LOG = Logger.getLogger(SocketProtocol.class.getName());
    private static final int MAX_STATUS_TEXT = 140;
    private static final Set<String> PRESENCE_EVENTS = Set.of("authenticate", "ping", "get-online-users",
            "unsubscribe-online-users", "subscribe-presence", "unsubscribe-presence", "set-status", "refresh-token", "set-idle");

    /** Every client event of the protocol. */
    static Set<String> events() {
        Set<String> all = new java.util.HashSet<>(PRESENCE_EVENTS);
        all.addAll(ChatProtocol.EVENTS);
        return Set.copyOf(all);
    }

    /** Requests whose reply can be large: refused while the session's reply budget is spent. */
    private static final Set<String> LARGE_REPLIES = Set.of("subscribe-presence", "get-online-users", "join-chat-session");

    private final PresenceRegistry registry;
    private final TokenVerifier verifier;
    private final PresenceMetrics metrics;
    private final ChatProtocol chat;

    public SocketProtocol(PresenceRegistry registry, TokenVerifier verifier, PresenceMetrics metrics, ChatProtocol chat) {
        this.registry = registry;
        this.verifier = verifier;
        this.metrics = metrics;
        this.chat = chat;
    }

    /** Handles one text frame of a session. Nothing escapes: a failure becomes an {@code error} frame. */
    public void onText(ClientSession s, String text) {
        registry.touch(s);
        InboundFrame frame;
        try {
            frame = FrameDecoder.decode(text);
        } catch (BadRequestException e) {
            String ref = FrameDecoder.refOf(text);
            s.send(registry.admit(s) ? Frames.error(ref, "bad-request", e.getMessage())
                    : Frames.error(ref, "rate-limited", "too many events; slow down"));
            return;
        }
        if (!registry.admit(s)) {
            s.send(Frames.error(frame.ref(), "rate-limited", "more than " + registry.settings().rateLimit()
                    + " events per second; this one was dropped"));
            return;
        }
        try {
            dispatch(s, frame);
        } catch (BadRequestException e) {
            s.send(Frames.error(frame.ref(), "bad-request", e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "event " + frame.event() + " of " + s + " failed", e);
            s.send(Frames.error(frame.ref(), "internal", "the server could not handle this event"));
        }
    }

    /** A binary frame is not part of the protocol. */
    public void onBinary(ClientSession s) {
        registry.touch(s);
        s.send(registry.admit(s) ? Frames.error(null, "bad-request", "frames must be JSON text frames")
                : Frames.error(null, "rate-limited", "too many events; slow down"));
    }

    private void dispatch(ClientSession s, InboundFrame f) throws BadRequestException {
        String event = f.event();
        if (!PRESENCE_EVENTS.contains(event) && !ChatProtocol.EVENTS.contains(event)) {
            s.send(Frames.error(f.ref(), "unknown-event", "unknown event: " + abbreviate(event)));
            return;
        }
        if (event.equals("authenticate")) {
            authenticate(s, f);
            return;
        }
        if (!s.isAuthenticated()) {
            s.send(Frames.error(f.ref(), "not-authenticated", "authenticate first"));
            return;
        }
        if (LARGE_REPLIES.contains(event) && !registry.mayAskLarge(s)) {
            s.send(Frames.error(f.ref(), "rate-limited", "more than " + registry.settings().replyBytesPerSecond()
                    + " bytes of replies a second asked for; this request was dropped"));
            return;
        }
        JsonObject data = f.data();
        switch (event) {
            case "ping" -> s.send(Frames.pong(f.ref(), registry.now()));
            case "get-online-users" -> getOnlineUsers(s, f);
            case "unsubscribe-online-users" -> registry.subscriptions().unsubscribeOnlineList(s);
            case "refresh-token" -> refreshToken(s, f);
            case "set-idle" -> registry.statusChanges().setIdle(s, Fields.requiredBoolean(data, "idle"));
            case "subscribe-presence" -> {
                List<String> ids = Fields.identifiers(data, "userIds", PresenceSettings.MAX_SUBSCRIPTIONS);
                try {
                    registry.subscriptions().subscribePresence(s, ids, f.ref());
                } catch (SubscriptionLimitException e) {
                    throw new BadRequestException(e.getMessage());
                }
            }
            case "unsubscribe-presence" -> registry.subscriptions().unsubscribePresence(s,
                    Fields.identifiers(data, "userIds", PresenceSettings.MAX_SUBSCRIPTIONS));
            case "set-status" -> {
                String wire = Fields.requiredString(data, "status", 16);
                Status status = Status.fromWire(wire).orElseThrow(() ->
                        new BadRequestException("status must be available, away, busy, dnd or invisible"));
                registry.statusChanges().setStatus(s, status, Fields.optionalString(data, "statusText", MAX_STATUS_TEXT));
            }
            default -> chat.handle(s, f);
        }
    }

    private void authenticate(ClientSession s, InboundFrame f) {
        if (s.isAuthenticated()) {
            s.send(Frames.error(f.ref(), "bad-request", "this session is already authenticated"));
            return;
        }
        JsonValue token = f.data().get("token");
        TokenVerifier.VerifiedClaims claims;
        try {
            if (!(token instanceof JsonString t)) {
                throw new InvalidTokenException("token is missing or not a string");
            }
            claims = verifier.verifyLogin(t.getString());
        } catch (InvalidTokenException e) {
            metrics.authenticated(false);
            s.send(Frames.authenticationError(f.ref(), "invalid-token", e.getMessage()));
            registry.end(s, CloseCodes.AUTHENTICATION, "invalid token");
            return;
        }
        // replies, or refuses a user over the per-user cap; the session lives no longer than the token
        registry.authentication().authenticate(s, claims.identity(), claims.expiresAt(), f.ref());
    }

    /**
     * PROTOCOL.md §5: a token valid under §1 for the session's user extends its life; anything else is
     * refused and changes nothing (the session keeps its current token, and closes when that expires).
     */
    private void refreshToken(ClientSession s, InboundFrame f) throws BadRequestException {
        String token = Fields.requiredString(f.data(), "token", Integer.MAX_VALUE);
        TokenVerifier.VerifiedClaims claims;
        try {
            claims = verifier.verifyLogin(token);
        } catch (InvalidTokenException e) {
            s.send(Frames.authenticationError(f.ref(), "invalid-token", e.getMessage()));
            return;
        }
        if (!claims.identity().userId().equals(s.userId())) {
            s.send(Frames.authenticationError(f.ref(), "invalid-token", "the token is for another user"));
            return;
        }
        registry.authentication().refreshed(s, claims.expiresAt(), f.ref());
    }

    private void getOnlineUsers(ClientSession s, InboundFrame f) throws BadRequestException {
        JsonObject data = f.data();
        int limit = Fields.optionalInt(data, "limit", 1, 1000, 100);
        String cursor = Fields.optionalString(data, "cursor", 1024);
        boolean subscribe = Fields.optionalBoolean(data, "subscribe");
        if (subscribe) {
            registry.subscriptions().subscribeOnlineList(s); // before the page is read, so no change falls between the two
        }
        try {
            s.send(Frames.onlineUsersList(f.ref(), registry.reads().onlinePage(cursor, limit)));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }
}
