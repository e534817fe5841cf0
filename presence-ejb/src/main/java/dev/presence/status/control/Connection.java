package dev.presence.status.control;

/**
 * The transport end of one client session, as the registry sees it. Implementations never block the
 * caller: {@link #send} enqueues on a bounded per-session queue and closes the session with 1008 when the
 * client does not keep up.
 */
public interface Connection {

    /** Queues one encoded frame for asynchronous delivery. */
    void send(String frame);

    /** Closes the connection with a WebSocket close code; the registry learns of it through its close callback. */
    void close(int code, String reason);
}
