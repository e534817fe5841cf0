package dev.presence.chat.control;

import dev.presence.chat.control.ChatEvent.Kind;
import dev.presence.status.control.Audience;
import dev.presence.status.control.ClientSession;
import dev.presence.status.control.PresenceRegistry;
import dev.presence.status.control.PresenceSettings;
import dev.presence.status.control.SubscriptionLimitException;
import dev.presence.status.control.UserPresence;
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
 * <p>Locking: each chat session's transitions run under its monitor. Reading members for a status
 * fan-out takes no lock (the sets are concurrent), so a user's monitor is never held while waiting for
 * a chat session's.
 */
public final class ChatRooms implements Audience, PresenceRegistry.SessionEndListener {

    private final PresenceRegistry registry;
    private final Clock clock;
    private final long typingTimeout;
    private final ChatMembership membership;
    private final ChatBus bus;
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    /** For each user, the chat sessions with sessions here that the user is a member of. */
    private final ConcurrentHashMap<String, Set<String>> roomsOfUser = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> roomsOfSession = new ConcurrentHashMap<>();
    /** Chat sessions a user left because their sessions ended: their co-members still hear the offline change. */
    private final ConcurrentHashMap<String, Set<String>> departed = new ConcurrentHashMap<>();

    /**
     * One chat session with sessions on this node: those sessions by userId, every member (on any node)
     * with the version of the latest news of them, and who is typing here until when.
     */
    private final class Room {
        final String id;
        final ConcurrentHashMap<String, Set<ClientSession>> sessions = new ConcurrentHashMap<>();
        final Set<String> members = ConcurrentHashMap.newKeySet();
        final Map<String, Long> newsOf = new ConcurrentHashMap<>();
        final Map<String, Long> typingUntil = new ConcurrentHashMap<>();
        long snapshotVersion = -1;
        boolean closed;

        Room(String id) {
            this.id = id;
        }

        /** Sends to every session here of every member but {@code userId}. Under the room's monitor. */
        void toOthers(String userId, String frame) {
            sessions.forEach((member, ss) -> {
                if (!member.equals(userId)) {
                    ss.forEach(s -> s.push(frame));
                }
            });
        }

        /** Takes the news that {@code userId} is (or is no longer) a member, unless newer news came first. */
        boolean news(String userId, boolean member, long version) {
            Long last = newsOf.get(userId);
            if (version <= snapshotVersion || last != null && version <= last) {
                return false;
            }
            newsOf.put(userId, version);
            return member ? addMember(userId) : removeMember(userId);
        }

        /** Takes a full list of members, keeping news about a member that is newer than it. */
        void snapshot(RoomMembers all) {
            if (all.version() <= snapshotVersion) {
                return;
            }
            snapshotVersion = all.version();
            for (String user : all.members()) {
                if (newsOf.getOrDefault(user, -1L) < all.version()) {
                    addMember(user);
                }
            }
            for (String user : List.copyOf(members)) {
                if (!all.has(user) && newsOf.getOrDefault(user, -1L) < all.version()) {
                    removeMember(user);
                }
            }
        }

        private boolean addMember(String userId) {
            if (!members.add(userId)) {
                return false;
            }
            roomsOfUser.computeIfAbsent(userId, k -> ConcurrentHashMap.newKeySet()).add(id);
            return true;
        }

        private boolean removeMember(String userId) {
            if (!members.remove(userId)) {
                return false;
            }
            roomsOfUser.computeIfPresent(userId, (k, set) -> {
                set.remove(id);
                return set.isEmpty() ? null : set;
            });
            return true;
        }
    }

    public ChatRooms(PresenceRegistry registry, Clock clock) {
        this(registry, clock, new LocalChatMembership(), ChatBus.NONE);
    }

    public ChatRooms(PresenceRegistry registry, Clock clock, ChatMembership membership, ChatBus bus) {
        this.registry = registry;
        this.clock = clock;
        this.typingTimeout = registry.settings().typingTimeout().toMillis();
        this.membership = membership;
        this.bus = bus;
        registry.addAudience(this);
        registry.addSessionEndListener(this);
    }

    /**
     * Joins the session to a chat session and replies {@code chat-session-joined} (with {@code ref});
     * the other members hear {@code user-joined-chat-session} when this is the user's first session in it.
     * Joining again is harmless: the reply repeats, nobody else hears anything.
     */
    public void join(ClientSession s, String chatSessionId, String ref) throws SubscriptionLimitException {
        String userId = s.userId();
        Set<String> mine = roomsOfSession.computeIfAbsent(s.id(), k -> ConcurrentHashMap.newKeySet());
        if (!mine.contains(chatSessionId) && mine.size() >= PresenceSettings.MAX_CHAT_SESSIONS) {
            throw new SubscriptionLimitException("a session may join at most " + PresenceSettings.MAX_CHAT_SESSIONS + " chat sessions");
        }
        while (true) {
            Room r = rooms.computeIfAbsent(chatSessionId, Room::new);
            synchronized (r) {
                if (r.closed) {
                    continue;
                }
                Set<ClientSession> here = r.sessions.computeIfAbsent(userId, k -> ConcurrentHashMap.newKeySet());
                boolean firstHere = here.isEmpty();
                here.add(s);
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
                s.send(ChatFrames.joined(ref, chatSessionId, registry.views(List.copyOf(r.members))));
            }
            if (s.hasEnded()) {
                sessionEnded(s); // ended while joining: undo
            }
            return;
        }
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
        Room r = rooms.get(chatSessionId);
        if (r == null) {
            return;
        }
        String userId = s.userId();
        synchronized (r) {
            Set<ClientSession> here = r.sessions.get(userId);
            if (here == null || !here.remove(s)) {
                return;
            }
            stopTyping(r, userId);
            if (!here.isEmpty()) {
                return;
            }
            r.sessions.remove(userId);
            ChatMembership.Change c = membership.update(chatSessionId, m -> m.leftOn(userId, registry.nodeId()));
            if (c.before().has(userId) && !c.after().has(userId)) {
                memberLeft(chatSessionId, r, userId, c.after().version(), sessionEnded);
            }
            if (r.sessions.isEmpty()) {
                close(r);
            }
        }
    }

    /**
     * The user is no longer a member anywhere: the sessions here hear it (r is this node's side of the chat
     * session, under its monitor, or null when no session here is in it), and so do the other nodes.
     */
    private void memberLeft(String chatSessionId, Room r, String userId, long version, boolean sessionEnded) {
        String frame = ChatFrames.userLeft(chatSessionId, userId);
        if (r != null) {
            r.news(userId, false, version);
            if (sessionEnded) {
                departed(userId, chatSessionId);
            }
            r.toOthers(userId, frame);
        }
        bus.publish(new ChatEvent(Kind.LEFT, chatSessionId, userId, frame, version, sessionEnded));
    }

    /** Co-members still hear the offline change of a user who left because their sessions ended. */
    private void departed(String userId, String chatSessionId) {
        departed.computeIfAbsent(userId, k -> ConcurrentHashMap.newKeySet()).add(chatSessionId);
    }

    /** Under r's monitor: no session here is in the chat session any more, so this node stops following it. */
    private void close(Room r) {
        r.closed = true;
        rooms.remove(r.id, r);
        for (String user : List.copyOf(r.members)) {
            r.removeMember(user);
        }
    }

    /** Starts or renews the user's typing; only a start that was not already running is announced. */
    public void typingStart(ClientSession s, String chatSessionId) throws NotAMemberException {
        Room r = memberRoom(s, chatSessionId);
        String userId = s.userId();
        long until = clock.millis() + typingTimeout;
        synchronized (r) {
            if (r.typingUntil.put(userId, until) == null) {
                announce(r, userId, ChatFrames.typing(chatSessionId, userId, true));
            }
        }
        registry.deadlines().schedule(until, () -> {
            synchronized (r) {
                Long current = r.typingUntil.get(userId);
                if (current != null && current <= clock.millis()) {
                    stopTyping(r, userId);
                }
            }
        });
    }

    public void typingStop(ClientSession s, String chatSessionId) throws NotAMemberException {
        Room r = memberRoom(s, chatSessionId);
        synchronized (r) {
            stopTyping(r, s.userId());
        }
    }

    /** Under r's monitor. */
    private void stopTyping(Room r, String userId) {
        if (r.typingUntil.remove(userId) != null) {
            announce(r, userId, ChatFrames.typing(r.id, userId, false));
        }
    }

    private void announce(Room r, String userId, String typingFrame) {
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
        Room r = rooms.get(chatSessionId);
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

    /** An event another node published: passed to the sessions here that it concerns. Returns deliveries. */
    public int received(ChatEvent e) {
        Room r = rooms.get(e.chatSessionId());
        if (r == null) {
            return 0;
        }
        switch (e.kind()) {
            case MESSAGE -> {
                return deliverHere(null, e.chatSessionId(), e.frame());
            }
            case TYPING -> {
                synchronized (r) {
                    r.toOthers(e.userId(), e.frame());
                }
            }
            case JOINED, LEFT -> {
                boolean joined = e.kind() == Kind.JOINED;
                synchronized (r) {
                    if (!r.news(e.userId(), joined, e.version())) {
                        return 0;
                    }
                    if (!joined && e.sessionEnded()) {
                        departed(e.userId(), r.id);
                    }
                    r.toOthers(e.userId(), e.frame());
                }
            }
        }
        return 1;
    }

    /**
     * Nodes that died: the members of these chat sessions lose their sessions there, and those left with
     * none leave (everyone hears it, here and on the other nodes). Harmless to repeat.
     */
    public void dropNodes(Collection<String> deadNodes, Collection<String> chatSessionIds) {
        for (String id : chatSessionIds) {
            ChatMembership.Change c = membership.update(id, m -> m.withoutNodes(deadNodes));
            for (String userId : c.before().departedIn(c.after())) {
                Room r = rooms.get(id);
                if (r == null) {
                    memberLeft(id, null, userId, c.after().version(), true);
                } else {
                    synchronized (r) {
                        memberLeft(id, r, userId, c.after().version(), true);
                    }
                }
            }
        }
    }

    /** The userIds of a chat session's members (users with at least one session in it, on any node). */
    public List<String> members(String chatSessionId) {
        return new ArrayList<>(membership.get(chatSessionId).members());
    }

    public boolean isMember(String userId, String chatSessionId) {
        Set<String> here = roomsOfUser.get(userId);
        return here != null && here.contains(chatSessionId) || membership.get(chatSessionId).has(userId);
    }

    /** Audience (b): sessions here sharing a chat session with the user at the moment of the change. */
    @Override
    public void collect(UserPresence user, boolean online, Consumer<ClientSession> into) {
        Set<String> left = departed.remove(user.userId());
        collectRooms(roomsOfUser.get(user.userId()), into);
        if (!online) {
            collectRooms(left, into);
        }
    }

    private void collectRooms(Collection<String> ids, Consumer<ClientSession> into) {
        if (ids == null) {
            return;
        }
        for (String id : ids) {
            Room r = rooms.get(id);
            if (r != null) {
                r.sessions.values().forEach(ss -> ss.forEach(into));
            }
        }
    }

    private Room memberRoom(ClientSession s, String chatSessionId) throws NotAMemberException {
        Set<String> mine = roomsOfSession.get(s.id());
        Room r = rooms.get(chatSessionId);
        if (mine == null || !mine.contains(chatSessionId) || r == null) {
            throw new NotAMemberException(chatSessionId);
        }
        return r;
    }
}
