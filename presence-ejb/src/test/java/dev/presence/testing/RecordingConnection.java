package dev.presence.testing;

import dev.presence.status.control.Connection;
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

    public synchronized void clear() {
        frames.clear();
    }
}
