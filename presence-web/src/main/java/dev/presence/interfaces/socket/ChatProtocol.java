package dev.presence.interfaces.socket;

import dev.presence.auth.control.InvalidTokenException;
import dev.presence.auth.control.TokenVerifier;
import dev.presence.chat.control.ChatFrames;
import dev.presence.chat.control.ChatSessions;
import dev.presence.chat.control.MessageHistory;
import dev.presence.chat.control.MessageLog;
import dev.presence.chat.control.NotAMemberException;
import dev.presence.chat.entity.ChatMessage;
import dev.presence.status.control.ClientSession;
import dev.presence.status.control.Frames;
import dev.presence.status.control.PresenceMetrics;
import dev.presence.status.control.PresenceRegistry;
import dev.presence.status.control.SubscriptionLimitException;
import dev.presence.store.control.MessageDocuments;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;

/** The chat-session events of PROTOCOL.md §2 for authenticated sessions: validate, delegate, encode. */
public final class ChatProtocol {

    static final Set<String> EVENTS = Set.of("join-chat-session", "leave-chat-session", "typing-start",
            "typing-stop", "send-message");
    static final int MAX_TEXT = 4000;
    static final int MAX_CLIENT_MESSAGE_ID = 64;

    /** PROTOCOL.md §5: at most this many missed messages come with a join; the rest are paged over REST. */
    static final int MAX_MISSED = 200;

    private final ChatSessions rooms;
    private final MessageLog log;
    private final MessageHistory history;
    private final PresenceRegistry registry;
    private final TokenVerifier verifier;
    private final boolean grantAccess;
    private final PresenceMetrics metrics;
    private final Clock clock;

    public ChatProtocol(ChatSessions rooms, MessageLog log, MessageHistory history, PresenceRegistry registry,
                        TokenVerifier verifier, boolean grantAccess, PresenceMetrics metrics, Clock clock) {
        this.rooms = rooms;
        this.log = log;
        this.history = history;
        this.registry = registry;
        this.verifier = verifier;
        this.grantAccess = grantAccess;
        this.metrics = metrics;
        this.clock = clock;
    }

    void handle(ClientSession s, InboundFrame f) throws BadRequestException {
        String id = Fields.identifier(f.data(), "chatSessionId");
        try {
            switch (f.event()) {
                case "join-chat-session" -> join(s, f, id);
                case "leave-chat-session" -> rooms.leave(s, id);
                case "typing-start" -> rooms.typingStart(s, id);
                case "typing-stop" -> rooms.typingStop(s, id);
                case "send-message" -> send(s, f, id);
                default -> throw new IllegalArgumentException(f.event());
            }
        } catch (NotAMemberException e) {
            s.send(Frames.error(f.ref(), "not-a-member", e.getMessage()));
        }
    }

    private void join(ClientSession s, InboundFrame f, String chatSessionId) throws BadRequestException {
        JsonValue membersWanted = f.data().get("members");
        boolean listMembers = membersWanted == null || membersWanted == JsonValue.NULL || Fields.optionalBoolean(f.data(), "members");
        String since = Fields.optionalString(f.data(), "since", 64);
        if (since != null && !history.isMessageOf(chatSessionId, since)) {
            throw new BadRequestException("since must be a messageId of chat session " + chatSessionId);
        }
        if (grantAccess && !granted(s, f, chatSessionId)) {
            s.send(Frames.error(f.ref(), "forbidden", "joining " + chatSessionId + " needs a valid grant for this user"));
            return;
        }
        String ref = f.ref();
        String viewer = s.userId();
        try {
            // the reply is built once the session is in: a message stored from then on reaches it live, and
            // one stored before is in "missed" (a client de-duplicates the two by messageId)
            rooms.joinWithReply(s, chatSessionId, (id, members, again) -> {
                MessageHistory.Page missed = since == null ? null : history.after(id, since, MAX_MISSED);
                return ChatFrames.joined(ref, id, listMembers && !again ? registry.reads().views(members, viewer) : null,
                        members.size(), missed == null ? null : missed.messages(), missed != null && missed.next() != null);
            });
        } catch (SubscriptionLimitException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    /** A grant is a token of the configured issuer and key, naming this user and this chat session. */
    private boolean granted(ClientSession s, InboundFrame f, String chatSessionId) {
        String grant;
        try {
            grant = Fields.optionalString(f.data(), "grant", TokenVerifier.MAX_TOKEN_CHARS);
        } catch (BadRequestException e) {
            return false;
        }
        if (grant == null) {
            return false;
        }
        try {
            TokenVerifier.VerifiedClaims claims = verifier.verifyGrant(grant);
            return claims.identity().userId().equals(s.userId()) && chatSessionId.equals(claims.string("chatSessionId"));
        } catch (InvalidTokenException e) {
            return false;
        }
    }

    private void send(ClientSession s, InboundFrame f, String chatSessionId) throws BadRequestException, NotAMemberException {
        String text = Fields.requiredString(f.data(), "text", Integer.MAX_VALUE);
        int length = text.codePointCount(0, text.length());
        if (length < 1 || length > MAX_TEXT) {
            throw new BadRequestException("text must be 1 to " + MAX_TEXT + " characters");
        }
        String clientMessageId = Fields.optionalString(f.data(), "clientMessageId", MAX_CLIENT_MESSAGE_ID);
        rooms.endTypingToSend(s, chatSessionId);
        Instant now = Instant.ofEpochMilli(clock.millis());
        ChatMessage draft = new ChatMessage(MessageDocuments.newMessageId(now), chatSessionId, s.userId(), text, now,
                clientMessageId);
        String ref = f.ref();
        log.submit(draft).whenComplete((outcome, error) -> {
            if (error instanceof MessageLog.QueueFullException) {
                s.send(Frames.error(ref, "rate-limited", "too many messages are waiting to be stored; this one was not sent"));
                return;
            }
            if (error != null) {
                s.send(Frames.error(ref, "internal", "the message could not be stored; it was not sent"));
                return;
            }
            s.send(ChatFrames.ack(ref, outcome.message(), clientMessageId));
            if (!outcome.repeat()) {
                metrics.delivered(rooms.deliver(s, chatSessionId, ChatFrames.newMessage(outcome.message())));
            }
        });
    }
}
