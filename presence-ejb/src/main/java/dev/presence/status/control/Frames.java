package dev.presence.status.control;

import dev.presence.json.JsonText;
import dev.presence.status.entity.StatusView;
import java.time.Instant;
import java.util.List;

/** Encodes server frames: {@code {"event": ..., "data": {...}, "ref"?}}. */
public final class Frames {

    private Frames() {
    }

    /** The status object of PROTOCOL.md §2, as a member value of {@code out}. */
    public static JsonText statusObject(JsonText out, StatusView v) {
        return statusFields(out.beginObject(), v).endObject();
    }

    /** The status object's members, for bodies that add to it (REST adds {@code connections}). */
    public static JsonText statusFields(JsonText out, StatusView v) {
        return out.member("userId", v.userId())
                .member("isOnline", v.isOnline())
                .member("status", v.status())
                .member("statusText", v.statusText())
                .member("lastSeen", v.lastSeen())
                .member("auto", v.auto());
    }

    public static JsonText statusArray(JsonText out, List<StatusView> views) {
        out.beginArray();
        for (StatusView v : views) {
            statusObject(out, v);
        }
        return out.endArray();
    }

    public static String statusChange(StatusView v) {
        JsonText out = start("user-status-change");
        statusFields(out, v);
        return end(out, null);
    }

    public static String authenticationSuccess(String ref, String userId, String sessionId, StatusView view,
                                               int onlineCount, long heartbeatMillis) {
        JsonText out = start("authentication-success")
                .member("userId", userId)
                .member("sessionId", sessionId)
                .member("status", view.status())
                .member("onlineCount", onlineCount)
                .member("heartbeatIntervalMs", heartbeatMillis);
        return end(out, ref);
    }

    public static String authenticationError(String ref, String code, String message) {
        return end(start("authentication-error").member("code", code).member("message", message), ref);
    }

    public static String error(String ref, String code, String message) {
        return end(start("error").member("code", code).member("message", message), ref);
    }

    public static String pong(String ref, Instant serverTime) {
        return end(start("pong").member("serverTime", serverTime), ref);
    }

    public static String onlineUsersList(String ref, OnlinePage page) {
        JsonText out = start("online-users-list");
        onlinePageFields(out, page);
        return end(out, ref);
    }

    public static JsonText onlinePageFields(JsonText out, OnlinePage page) {
        statusArray(out.name("users"), page.users());
        return out.member("total", page.total()).member("nextCursor", page.nextCursor());
    }

    /** PROTOCOL.md §5: the session's token expires soon; the client answers with {@code refresh-token}. */
    public static String tokenExpiring(Instant expiresAt) {
        return end(start("token-expiring").member("expiresAt", expiresAt), null);
    }

    public static String tokenRefreshed(String ref, Instant expiresAt) {
        return end(start("token-refreshed").member("expiresAt", expiresAt), ref);
    }

    public static String presenceSnapshot(String ref, List<StatusView> views) {
        JsonText out = start("presence-snapshot");
        statusArray(out.name("users"), views);
        return end(out, ref);
    }

    /** Starts a frame whose data members the caller writes next; finish with {@link #end}. */
    public static JsonText start(String event) {
        return new JsonText().beginObject().member("event", event).name("data").beginObject();
    }

    public static String end(JsonText out, String ref) {
        out.endObject();
        if (ref != null) {
            out.member("ref", ref);
        }
        return out.endObject().toString();
    }
}
