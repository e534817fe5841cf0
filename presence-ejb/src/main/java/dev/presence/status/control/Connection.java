package dev.presence.status.control;

/**
 * The transport end of one client session, as the registry sees it. Implementations never block the
 * caller: {@link #send} enqueues on a bounded per-session queue and closes the session with 1008 when the
 * client does not keep up.
 */
public interface Connection {

    /** Queues one encoded frame for asynchronous delivery: a reply, written by the calling thread when it can. */
    void send(String frame);

    /**
     * Queues one frame of a fan-out (a status change, a chat event or message to many sessions): written by
     * the transport's own threads, so the fanning-out thread is not the one writing to every socket.
     */
    default void push(String frame) {
        send(frame);
    }

    /** Closes the connection with a WebSocket close code; the registry learns of it through its close callback. */
    void close(int code, String reason);
}
