package dev.presence.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.presence.chat.control.ChatEvent;
import dev.presence.chat.control.ChatMembers;
import dev.presence.status.control.UserState;
import dev.presence.status.entity.Status;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GridCodecTest {

    @Test
    void aUserStateSurvivesTheGridAndEncodesCanonicallySoCompareAndSetMatches() {
        UserState s = new UserState("alice", Map.of("node-b", new UserState.Hold(2, 1), "node-a", new UserState.Hold(0, 0),
                "node-c", new UserState.Hold(1, 0)), Status.INVISIBLE, "quote \" and \u00e9", 1_795_000_000_123L,
                1_794_000_000_000L, 42);
        String json = GridCodec.encode(s);
        UserState back = GridCodec.userState("alice", json);
        assertEquals(s, back);
        assertEquals(json, GridCodec.encode(back));
        assertEquals(GridCodec.encode(new UserState("u", Map.of(), Status.AVAILABLE, null, -1, -1, 0)),
                GridCodec.encode(GridCodec.userState("u", GridCodec.encode(new UserState("u", Map.of(), Status.AVAILABLE, null, -1, -1, 0)))));
    }

    @Test
    void chatMembersAndEventsSurviveTheGrid() {
        ChatMembers r = new ChatMembers("room", Map.of("bob", Set.of("n2", "n1"), "amy", Set.of("n1")), 7);
        String json = GridCodec.encode(r);
        assertEquals(r, GridCodec.roomMembers("room", json));
        assertEquals(json, GridCodec.encode(GridCodec.roomMembers("room", json)));
        ChatEvent e = new ChatEvent(ChatEvent.Kind.LEFT, "room", "bob", "{\"event\":\"x\"}", 9, true);
        assertEquals(e, GridCodec.chatEvent(GridCodec.encode(e)));
    }
}
