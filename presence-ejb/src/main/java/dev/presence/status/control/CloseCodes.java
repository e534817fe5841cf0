package dev.presence.status.control;

/** The close codes of PROTOCOL.md §2. */
public final class CloseCodes {
    public static final int GOING_AWAY = 1001;
    public static final int POLICY = 1008;
    public static final int TOO_BIG = 1009;
    public static final int NODE_FULL = 1013;
    public static final int AUTHENTICATION = 4401;
    public static final int CLOSED_BY_OPERATOR = 4403;
    public static final int HEARTBEAT_TIMEOUT = 4408;
    public static final int TOO_MANY_SESSIONS = 4429;

    private CloseCodes() {
    }
}
