package dev.presence.testing;

import dev.presence.status.control.Connection;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** A connection that keeps what it was sent and how it was closed. */
public final class RecordingConnection implements Connection {
    public final List<String> frames = new ArrayList<>();
    public volatile int closeCode;
    public volatile int abortCode;
    /** What {@link #pendingWriteSince} answers: -1, or since when a write waits on the peer. */
    public volatile long writingSince = -1;

    @Override
    public synchronized void send(String frame) {
        frames.add(frame);
    }

    @Override
    public void close(int code, String reason) {
        if (closeCode == 0) {
            closeCode = code;
        }
    }

    @Override
    public void abort(int code, String reason) {
        abortCode = code;
    }

    @Override
    public long pendingWriteSince() {
        return writingSince;
    }

    public synchronized List<String> statusChanges(String userId) {
        return frames.stream().filter(f -> f.startsWith("{\"event\":\"user-status-change\"")
                && f.contains("\"userId\":\"" + userId + "\"")).toList();
    }

    /** Frames of this event, in arrival order. */
    public synchronized List<String> events(String event) {
        return frames.stream().filter(f -> f.startsWith("{\"event\":\"" + event + "\"")).toList();
    }

    /** The status objects of the user's {@code user-status-change} frames, parsed, in arrival order. */
    public synchronized List<JsonObject> changes(String userId) {
        return statusChanges(userId).stream().map(f -> parse(f).getJsonObject("data")).toList();
    }

    /** The frames of this event, parsed, in arrival order. */
    public synchronized List<JsonObject> parsed(String event) {
        return events(event).stream().map(RecordingConnection::parse).toList();
    }

    /** The i-th frame sent, parsed. */
    public synchronized JsonObject frame(int i) {
        return parse(frames.get(i));
    }

    public static JsonObject parse(String frame) {
        return Parsed.object(frame);
    }

    public synchronized void clear() {
        frames.clear();
    }
}
