package dev.presence.chat.control;

import dev.presence.chat.control.ChatEvent.Kind;
import dev.presence.status.control.Lane;
import dev.presence.status.control.ClientSession;
import dev.presence.status.control.PresenceRegistry;
import dev.presence.status.control.PresenceSettings;
import dev.presence.status.control.SubscriptionLimitException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Chat-session membership and typing (PROTOCOL.md §2). Membership belongs to the session; a user is a
 * member while at least one of their sessions, on any node, has joined. {@link ChatMembership} decides
 * who is a member; this class keeps this node's side: its sessions in each chat session, a copy of the
 * members of the chat sessions it has sessions in, and typing. The indexes user → chat sessions and
 * session → chat sessions make "who here shares a chat session with this user" a lookup, never a scan.
 * Events reach this node's sessions directly and the other nodes through the {@link ChatBus}.
 *
 * <p>Concurrency: each chat session's transitions (joins, leaves, typing, news from other nodes) run one
 * at a time on its {@link Lane}, which is not a lock: nobody waits on a monitor while a transition sends
 * to sessions or calls the data grid. Reading members for a status fan-out or a message takes no lane
 * (the sets are concurrent).
 */
public final class ChatSessions implements PresenceRegistry.SessionEndListener {

    /** Encodes the reply to a join, once the session is in: the edge adds member views or missed messages. */
    @FunctionalInterface
    public interface JoinReply {
        /**
         * @param memberIds the chat session's members now (the joiner included)
         * @param again     whether this session had already joined: it has the members already
         */
        String frame(String chatSessionId, List<String> memberIds, boolean again);
    }

    private final PresenceRegistry registry;
    private final Clock clock;
    private final long typingTimeout;
    private final ChatMembership membership;
    private final ChatBus bus;
    private final ConcurrentHashMap<String, ChatSession> rooms = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> roomsOfSession = new ConcurrentHashMap<>();
    /** Who here shares a chat session with whom: the audience of status changes (PROTOCOL.md §2, b). */
    private final CoMembers coMembers = new CoMembers(rooms::get);

    public ChatSessions(PresenceRegistry registry, Clock clock) {
        this(registry, clock, new LocalChatMembership(), ChatBus.NONE);
    }

    public ChatSessions(PresenceRegistry registry, Clock clock, ChatMembership membership, ChatBus bus) {
        this.registry = registry;
        this.clock = clock;
        this.typingTimeout = registry.settings().typingTimeout().toMillis();
        this.membership = membership;
        this.bus = bus;
        registry.addAudience(coMembers);
        registry.addSessionEndListener(this);
    }

    /** Joins with the member list in the reply ({@code chat-session-joined}). */
    public void join(ClientSession s, String chatSessionId, String ref) throws SubscriptionLimitException {
        joinWithReply(s, chatSessionId, (id, members, again) -> again
                ? ChatFrames.joinedAgain(ref, id, members.size())
                : ChatFrames.joined(ref, id, registry.reads().views(members), members.size()));
    }

    /**
     * Joins the session to a chat session and sends it {@code reply}'s frame; the other members hear
     * {@code user-joined-chat-session} when this is the user's first session in it. Joining again is
     * harmless: nobody else hears anything, and the reply says so.
     */
    public void joinWithReply(ClientSession s, String chatSessionId, JoinReply reply) throws SubscriptionLimitException {
        Set<String> mine = roomsOfSession.computeIfAbsent(s.id(), k -> ConcurrentHashMap.newKeySet());
        if (!mine.contains(chatSessionId) && mine.size() >= PresenceSettings.MAX_CHAT_SESSIONS) {
            throw new SubscriptionLimitException("a session may join at most " + PresenceSettings.MAX_CHAT_SESSIONS + " chat sessions");
        }
        onRoom(chatSessionId, r -> {
            if (s.hasEnded()) {
                roomsOfSession.remove(s.id(), mine); // its end came first; nothing here to undo
                return;
            }
            String userId = s.userId();
            Set<ClientSession> here = r.sessions.computeIfAbsent(userId, k -> ConcurrentHashMap.newKeySet());
            boolean firstHere = here.isEmpty();
            boolean again = !here.add(s);
            mine.add(chatSessionId);
            if (firstHere) {
                ChatMembership.Change c = membership.update(chatSessionId, m -> m.joinedOn(userId, registry.nodeId()));
                r.snapshot(c.after());
                if (!c.before().has(userId)) {
                    String frame = ChatFrames.userJoined(chatSessionId, userId);
                    r.toOthers(userId, frame);
                    bus.publish(new ChatEvent(Kind.JOINED, chatSessionId, userId, frame, c.after().version(), false));
                }
            }
            s.send(reply.frame(chatSessionId, List.copyOf(r.members), again));
            if (s.hasEnded()) { // ended while joining: its end may have missed this chat session
                leaveHere(r, s, true);
            }
        });
    }

    /** Runs {@code task} on the chat session's lane, creating this node's side of it if need be. */
    private void onRoom(String chatSessionId, Consumer<ChatSession> task) {
        ChatSession r = rooms.computeIfAbsent(chatSessionId, id -> new ChatSession(id, coMembers));
        r.lane.run(() -> {
            if (r.closed) {
                onRoom(chatSessionId, task); // closed meanwhile: its successor takes the task
            } else {
                task.accept(r);
            }
        });
    }

    public void leave(ClientSession s, String chatSessionId) throws NotAMemberException {
        Set<String> mine = roomsOfSession.get(s.id());
        if (mine == null || !mine.remove(chatSessionId)) {
            throw new NotAMemberException(chatSessionId);
        }
        leaveRoom(s, chatSessionId, false);
    }

    /** The session is gone: it leaves every chat session it had joined. */
    @Override
    public void sessionEnded(ClientSession s) {
        Set<String> mine = roomsOfSession.remove(s.id());
        if (mine != null) {
            for (String id : mine) {
                leaveRoom(s, id, true);
            }
        }
    }

    private void leaveRoom(ClientSession s, String chatSessionId, boolean sessionEnded) {
        ChatSession r = rooms.get(chatSessionId);
        if (r != null) {
            r.lane.run(() -> leaveHere(r, s, sessionEnded));
        }
    }

    /** On r's lane. */
    private void leaveHere(ChatSession r, ClientSession s, boolean sessionEnded) {
        String userId = s.userId();
        Set<ClientSession> here = r.sessions.get(userId);
        if (r.closed || here == null || !here.remove(s)) {
            return;
        }
        stopTyping(r, userId);
        if (!here.isEmpty()) {
            return;
        }
        r.sessions.remove(userId);
        ChatMembership.Change c = membership.update(r.id, m -> m.leftOn(userId, registry.nodeId()));
        if (c.before().has(userId) && !c.after().has(userId)) {
            memberLeft(r.id, r, userId, c.after().version(), sessionEnded);
        }
        if (r.sessions.isEmpty()) {
            close(r);
        }
    }

    /**
     * The user is no longer a member anywhere: the sessions here hear it (r is this node's side of the chat
     * session, on its lane, or null when no session here is in it), and so do the other nodes.
     */
    private void memberLeft(String chatSessionId, ChatSession r, String userId, long version, boolean sessionEnded) {
        String frame = ChatFrames.userLeft(chatSessionId, userId);
        if (r != null) {
            r.news(userId, false, version);
            if (sessionEnded) {
                coMembers.departed(userId, chatSessionId);
            }
            r.toOthers(userId, frame);
        }
        bus.publish(new ChatEvent(Kind.LEFT, chatSessionId, userId, frame, version, sessionEnded));
    }


    /** On r's lane: no session here is in the chat session any more, so this node stops following it. */
    private void close(ChatSession r) {
        r.closed = true;
        rooms.remove(r.id, r);
        for (String user : List.copyOf(r.members)) {
            r.removeMember(user);
        }
    }

    /** Starts or renews the user's typing; only a start that was not already running is announced. */
    public void typingStart(ClientSession s, String chatSessionId) throws NotAMemberException {
        ChatSession r = memberRoom(s, chatSessionId);
        String userId = s.userId();
        long until = clock.millis() + typingTimeout;
        r.lane.run(() -> {
            if (!r.closed && r.typingUntil.put(userId, until) == null) {
                announce(r, userId, ChatFrames.typing(chatSessionId, userId, true));
            }
        });
        registry.deadlines().schedule(until, () -> r.lane.run(() -> {
            Long current = r.typingUntil.get(userId);
            if (current != null && current <= clock.millis()) {
                stopTyping(r, userId);
            }
        }));
    }

    public void typingStop(ClientSession s, String chatSessionId) throws NotAMemberException {
        ChatSession r = memberRoom(s, chatSessionId);
        String userId = s.userId();
        r.lane.run(() -> stopTyping(r, userId));
    }

    /** On r's lane. */
    private void stopTyping(ChatSession r, String userId) {
        if (r.typingUntil.remove(userId) != null) {
            announce(r, userId, ChatFrames.typing(r.id, userId, false));
        }
    }

    private void announce(ChatSession r, String userId, String typingFrame) {
        r.toOthers(userId, typingFrame);
        bus.publish(new ChatEvent(Kind.TYPING, r.id, userId, typingFrame, 0, false));
    }

    /** Checks that the sender is a member and ends its typing, as sending a message does. */
    public void endTypingToSend(ClientSession s, String chatSessionId) throws NotAMemberException {
        typingStop(s, chatSessionId);
    }

    /** Delivers a stored message to every member session but the sending one, here and on the other nodes. */
    public int deliver(ClientSession sender, String chatSessionId, String frame) {
        bus.publish(new ChatEvent(Kind.MESSAGE, chatSessionId, sender.userId(), frame, 0, false));
        return deliverHere(sender, chatSessionId, frame);
    }

    private int deliverHere(ClientSession sender, String chatSessionId, String frame) {
        ChatSession r = rooms.get(chatSessionId);
        if (r == null) {
            return 0;
        }
        int n = 0;
        for (Set<ClientSession> ss : r.sessions.values()) {
            for (ClientSession s : ss) {
                if (s != sender) {
                    s.push(frame);
                    n++;
                }
            }
        }
        return n;
    }

    /** An event another node published: passed to the sessions here that it concerns. */
    public void received(ChatEvent e) {
        ChatSession r = rooms.get(e.chatSessionId());
        if (r == null) {
            return;
        }
        switch (e.kind()) {
            case MESSAGE -> deliverHere(null, e.chatSessionId(), e.frame());
            case TYPING -> r.lane.run(() -> r.toOthers(e.userId(), e.frame()));
            case JOINED, LEFT -> r.lane.run(() -> {
                boolean joined = e.kind() == Kind.JOINED;
                if (r.news(e.userId(), joined, e.version())) {
                    if (!joined && e.sessionEnded()) {
                        coMembers.departed(e.userId(), r.id);
                    }
                    r.toOthers(e.userId(), e.frame());
                }
            });
        }
    }

    /**
     * Nodes that died: the members of these chat sessions lose their sessions there, and those left with
     * none leave (everyone hears it, here and on the other nodes). Harmless to repeat.
     */
    public void dropNodes(Collection<String> deadNodes, Collection<String> chatSessionIds) {
        for (String id : chatSessionIds) {
            ChatMembership.Change c = membership.update(id, m -> m.withoutNodes(deadNodes));
            for (String userId : c.before().departedIn(c.after())) {
                ChatSession r = rooms.get(id);
                if (r == null) {
                    memberLeft(id, null, userId, c.after().version(), true);
                } else {
                    r.lane.run(() -> memberLeft(id, r.closed ? null : r, userId, c.after().version(), true));
                }
            }
        }
    }

    /** The userIds of a chat session's members (users with at least one session in it, on any node). */
    public List<String> members(String chatSessionId) {
        return new ArrayList<>(membership.get(chatSessionId).members());
    }

    /** The chat sessions the user is a member of, on any node, at most {@code limit} (an operator's lookup). */
    public List<String> chatSessionsOf(String userId, int limit) {
        return membership.chatSessionsOf(userId, limit);
    }

    public boolean isMember(String userId, String chatSessionId) {
        return coMembers.sharesHere(userId, chatSessionId) || membership.get(chatSessionId).has(userId);
    }

    private ChatSession memberRoom(ClientSession s, String chatSessionId) throws NotAMemberException {
        Set<String> mine = roomsOfSession.get(s.id());
        ChatSession r = rooms.get(chatSessionId);
        if (mine == null || !mine.contains(chatSessionId) || r == null) {
            throw new NotAMemberException(chatSessionId);
        }
        return r;
    }
}
