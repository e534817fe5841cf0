package dev.presence.status.control;

import java.util.ArrayList;
import java.util.List;

/** A connection that keeps what it was sent and how it was closed. */
final class RecordingConnection implements Connection {
    final List<String> frames = new ArrayList<>();
    int closeCode;

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

    synchronized List<String> statusChanges(String userId) {
        return frames.stream().filter(f -> f.startsWith("{\"event\":\"user-status-change\"")
                && f.contains("\"userId\":\"" + userId + "\"")).toList();
    }

    synchronized void clear() {
        frames.clear();
    }
}
