package dev.presence.status.control;

/**
 * The transport end of one client session, as the registry sees it. Implementations never block the
 * caller and never call back into the registry on the caller's thread: {@link #send} enqueues on a
 * per-session queue bounded in frames and in bytes, and a client that does not keep up is closed with 1008
 * from the transport's own threads.
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

    /** Closes the connection with a WebSocket close code after the frames already queued. */
    void close(int code, String reason);

    /** Closes the connection now, dropping whatever is queued: for a peer whose writes never finish. */
    default void abort(int code, String reason) {
        close(code, reason);
    }

    /** When the write under way began (epoch millis), or -1 when no write is waiting on the peer. */
    default long pendingWriteSince() {
        return -1;
    }
}
