package dev.presence.cluster.control;

import dev.presence.chat.control.ChatEvent;
import dev.presence.chat.control.ChatMembers;
import dev.presence.json.JsonParsing;
import dev.presence.json.JsonText;
import dev.presence.status.control.UserState;
import dev.presence.status.entity.Status;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the data grid stores and carries, as JSON strings. Strings need no class of this application on
 * the grid's side, compare by value (so a state can be replaced only if it is still the one read), and
 * let any member read any entry whatever it has deployed. Encoding is canonical (maps in key order), so
 * a state decoded and encoded again is the same string.
 */
public final class GridCodec {

    private GridCodec() {
    }

    /** Holders as {@code {"node": [sessions, active]}}. */
    public static String encode(UserState s) {
        JsonText out = new JsonText().beginObject().name("holders").beginObject();
        new java.util.TreeMap<>(s.holders()).forEach((node, h) ->
                out.name(node).beginArray().value(h.sessions()).value(h.active()).endArray());
        return out.endObject()
                .member("status", s.status().wire())
                .member("statusText", s.statusText())
                .member("lastSeen", s.lastSeen())
                .member("hiddenSince", s.hiddenSince())
                .member("version", s.version())
                .endObject().toString();
    }

    public static UserState userState(String userId, String json) {
        JsonObject o = parse(json);
        Map<String, UserState.Hold> holders = new HashMap<>();
        o.getJsonObject("holders").forEach((node, h) -> holders.put(node,
                new UserState.Hold(h.asJsonArray().getInt(0), h.asJsonArray().getInt(1))));
        return new UserState(userId, holders, Status.fromWire(o.getString("status")).orElse(Status.AVAILABLE),
                o.isNull("statusText") ? null : o.getString("statusText"),
                o.getJsonNumber("lastSeen").longValue(), o.getJsonNumber("hiddenSince").longValue(),
                o.getJsonNumber("version").longValue());
    }

    public static String encode(ChatMembers r) {
        JsonText out = new JsonText().beginObject().name("members").beginObject();
        new java.util.TreeMap<>(r.nodesOfMember()).forEach((user, nodes) -> {
            out.name(user).beginArray();
            new java.util.TreeSet<>(nodes).forEach(out::value);
            out.endArray();
        });
        return out.endObject().member("version", r.version()).endObject().toString();
    }

    public static ChatMembers roomMembers(String chatSessionId, String json) {
        JsonObject o = parse(json);
        Map<String, Set<String>> members = new HashMap<>();
        o.getJsonObject("members").forEach((user, nodes) -> {
            Set<String> set = new HashSet<>();
            nodes.asJsonArray().forEach(n -> set.add(((jakarta.json.JsonString) n).getString()));
            members.put(user, set);
        });
        return new ChatMembers(chatSessionId, members, o.getJsonNumber("version").longValue());
    }

    public static String encode(ChatEvent e) {
        return new JsonText().beginObject()
                .member("kind", e.kind().name())
                .member("chatSessionId", e.chatSessionId())
                .member("userId", e.userId())
                .member("frame", e.frame())
                .member("version", e.version())
                .member("sessionEnded", e.sessionEnded())
                .endObject().toString();
    }

    public static ChatEvent chatEvent(String json) {
        JsonObject o = parse(json);
        return new ChatEvent(ChatEvent.Kind.valueOf(o.getString("kind")), o.getString("chatSessionId"),
                o.getString("userId"), o.getString("frame"), o.getJsonNumber("version").longValue(),
                o.getBoolean("sessionEnded"));
    }

    private static JsonObject parse(String json) {
        try (JsonReader r = JsonParsing.PROVIDER.createReader(new StringReader(json))) {
            JsonValue v = r.readValue();
            return v.asJsonObject();
        }
    }
}
