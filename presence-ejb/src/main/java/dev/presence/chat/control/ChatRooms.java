package dev.presence.chat.control;

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
 * member while at least one of their sessions has joined. The indexes user → chat sessions and session →
 * chat sessions make "who shares a chat session with this user" a lookup, never a scan.
 *
 * <p>Locking: each chat session's transitions run under its monitor. Reading members for a status
 * fan-out takes no lock (the member sets are concurrent), so a user's monitor is never held while
 * waiting for a chat session's.
 */
public final class ChatRooms implements Audience, PresenceRegistry.SessionEndListener {

    private final PresenceRegistry registry;
    private final Clock clock;
    private final long typingTimeout;
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> roomsOfUser = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> roomsOfSession = new ConcurrentHashMap<>();
    /** Chat sessions a user left because their sessions ended: their co-members still hear the offline change. */
    private final ConcurrentHashMap<String, Set<String>> departed = new ConcurrentHashMap<>();

    /** One chat session: its members' sessions by userId, and who is typing until when. */
    private static final class Room {
        final String id;
        final ConcurrentHashMap<String, Set<ClientSession>> members = new ConcurrentHashMap<>();
        final Map<String, Long> typingUntil = new ConcurrentHashMap<>();
        boolean closed;

        Room(String id) {
            this.id = id;
        }

        /** Sends to every session of every member but {@code userId}. Under the room's monitor. */
        void toOthers(String userId, String frame) {
            members.forEach((member, sessions) -> {
                if (!member.equals(userId)) {
                    sessions.forEach(s -> s.send(frame));
                }
            });
        }
    }

    public ChatRooms(PresenceRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.typingTimeout = registry.settings().typingTimeout().toMillis();
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
                Set<ClientSession> sessions = r.members.computeIfAbsent(userId, k -> ConcurrentHashMap.newKeySet());
                boolean firstOfUser = sessions.isEmpty();
                sessions.add(s);
                mine.add(chatSessionId);
                if (firstOfUser) {
                    roomsOfUser.computeIfAbsent(userId, k -> ConcurrentHashMap.newKeySet()).add(chatSessionId);
                    r.toOthers(userId, ChatFrames.userJoined(chatSessionId, userId));
                }
                s.send(ChatFrames.joined(ref, chatSessionId, registry.views(List.copyOf(r.members.keySet()))));
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
            Set<ClientSession> sessions = r.members.get(userId);
            if (sessions == null || !sessions.remove(s)) {
                return;
            }
            stopTyping(r, userId);
            if (!sessions.isEmpty()) {
                return;
            }
            r.members.remove(userId);
            roomsOfUser.computeIfPresent(userId, (k, set) -> {
                set.remove(chatSessionId);
                return set.isEmpty() ? null : set;
            });
            if (sessionEnded) {
                departed.computeIfAbsent(userId, k -> ConcurrentHashMap.newKeySet()).add(chatSessionId);
            }
            r.toOthers(userId, ChatFrames.userLeft(chatSessionId, userId));
            if (r.members.isEmpty()) {
                r.closed = true;
                rooms.remove(chatSessionId, r);
            }
        }
    }

    /** Starts or renews the user's typing; only a start that was not already running is announced. */
    public void typingStart(ClientSession s, String chatSessionId) throws NotAMemberException {
        Room r = memberRoom(s, chatSessionId);
        String userId = s.userId();
        long until = clock.millis() + typingTimeout;
        synchronized (r) {
            if (r.typingUntil.put(userId, until) == null) {
                r.toOthers(userId, ChatFrames.typing(chatSessionId, userId, true));
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
    private static void stopTyping(Room r, String userId) {
        if (r.typingUntil.remove(userId) != null) {
            r.toOthers(userId, ChatFrames.typing(r.id, userId, false));
        }
    }

    /** Checks that the sender is a member and ends its typing, as sending a message does. */
    public void endTypingToSend(ClientSession s, String chatSessionId) throws NotAMemberException {
        typingStop(s, chatSessionId);
    }

    /** Delivers a stored message to every member session but the sending one. */
    public int deliver(ClientSession sender, String chatSessionId, String frame) {
        Room r = rooms.get(chatSessionId);
        if (r == null) {
            return 0;
        }
        int n = 0;
        for (Set<ClientSession> sessions : r.members.values()) {
            for (ClientSession s : sessions) {
                if (s != sender) {
                    s.send(frame);
                    n++;
                }
            }
        }
        return n;
    }

    /** The userIds of a chat session's members (users with at least one session in it). */
    public List<String> members(String chatSessionId) {
        Room r = rooms.get(chatSessionId);
        return r == null ? List.of() : new ArrayList<>(r.members.keySet());
    }

    public boolean isMember(String userId, String chatSessionId) {
        Set<String> ids = roomsOfUser.get(userId);
        return ids != null && ids.contains(chatSessionId);
    }

    /** Audience (b): sessions sharing a chat session with the user at the moment of the change. */
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
                r.members.values().forEach(sessions -> sessions.forEach(into));
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
