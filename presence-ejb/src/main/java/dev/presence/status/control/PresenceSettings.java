package dev.presence.status.control;

import java.time.Duration;
import java.util.function.Function;

/**
 * The {@code presence.*} configuration of PROTOCOL.md §4, with its defaults. Keys beyond the contract
 * (the resource bounds, {@code write-behind-interval-ms}, {@code node-name}) are this service's own.
 *
 * @param maxUnauthenticated   sessions that may wait to authenticate at once (default 5 % of maxSessions)
 * @param outboundQueueBytes   bytes of frames queued for one session before it is closed with 1008
 * @param writeTimeout         a write to a client that does not finish within it closes the session
 * @param offlineUserTtl       an offline user unused for this long leaves memory
 * @param messageQueueBytes    bytes of messages waiting to be stored before sends are refused
 * @param idempotencyCacheSize recent (userId, clientMessageId) keys kept in memory
 * @param tokenRefreshNotice   how long before its token expires a session gets {@code token-expiring}
 * @param replyBytesPerSecond bytes of replies a session may ask for per second, beyond its burst ({@link ReplyBudget})
 */
public record PresenceSettings(
        Duration authTimeout,
        int maxSessionsPerUser,
        int maxSessions,
        Duration heartbeatInterval,
        Duration sessionTimeout,
        Duration lastSeenWriteInterval,
        Duration nodeLease,
        Duration offlineGrace,
        Duration typingTimeout,
        int rateLimit,
        int rateBurst,
        boolean grantChatAccess,
        boolean anonymousReads,
        boolean devLogin,
        int outboundQueueLimit,
        int maxUnauthenticated,
        long outboundQueueBytes,
        Duration writeTimeout,
        Duration offlineUserTtl,
        long messageQueueBytes,
        int idempotencyCacheSize,
        Duration tokenRefreshNotice,
        long replyBytesPerSecond,
        long replyBytesBurst,
        Duration writeBehindInterval,
        String nodeName,
        boolean cluster) {

    /** How long a session may keep flooding past its rate limit before it is closed with 1008. */
    public static final Duration FLOOD_CLOSE_AFTER = Duration.ofSeconds(10);
    /** PROTOCOL.md §2: a session may subscribe to at most this many users. */
    public static final int MAX_SUBSCRIPTIONS = 1000;
    /** PROTOCOL.md §2: a session may join at most this many chat sessions. */
    public static final int MAX_CHAT_SESSIONS = 100;

    /**
     * The heartbeat interval clients are told: the configured one, but never so long that a client pinging
     * at it would be closed by the session timeout (half of it at most).
     */
    public Duration advertisedHeartbeat() {
        Duration half = sessionTimeout.dividedBy(2);
        return heartbeatInterval.compareTo(half) <= 0 ? heartbeatInterval : half;
    }

    public static PresenceSettings defaults() {
        return from(key -> null);
    }

    /**
     * Reads every key through {@code lookup} (a config source: null means unset). An unparsable value is a
     * configuration error: the service refuses to start rather than run with a silently different setting.
     */
    public static PresenceSettings from(Function<String, String> lookup) {
        Reader r = new Reader(lookup);
        int maxSessions = r.positiveInt("presence.max-sessions", 18_000);
        return new PresenceSettings(
                r.millis("presence.auth-timeout-ms", 10_000),
                r.positiveInt("presence.max-sessions-per-user", 20),
                maxSessions,
                r.millis("presence.heartbeat-interval-ms", 25_000),
                r.millis("presence.session-timeout-ms", 60_000),
                r.millis("presence.last-seen-write-interval-ms", 60_000),
                r.millis("presence.node-lease-ms", 15_000),
                r.millis("presence.offline-grace-ms", 3_000),
                r.millis("presence.typing-timeout-ms", 5_000),
                r.positiveInt("presence.rate-limit", 20),
                r.positiveInt("presence.rate-burst", 40),
                r.chatAccessIsGrant(),
                r.bool("presence.rest.anonymous-reads", false),
                r.bool("presence.dev-login", false),
                r.positiveInt("presence.outbound-queue-limit", 1024),
                r.positiveInt("presence.max-unauthenticated", Math.max(1, maxSessions / 20)),
                r.positiveLong("presence.outbound-queue-bytes", 1L << 20),
                r.positiveMillis("presence.write-timeout-ms", 30_000),
                r.positiveMillis("presence.offline-user-ttl-ms", 120_000),
                r.positiveLong("presence.message-queue-bytes", 8L << 20),
                r.positiveInt("presence.idempotency-cache-size", 50_000),
                r.millis("presence.token-refresh-notice-ms", 60_000),
                r.positiveLong("presence.reply-bytes-per-second", 256L << 10),
                r.positiveLong("presence.reply-bytes-burst", 2L << 20),
                r.millis("presence.write-behind-interval-ms", 250),
                r.string("presence.node-name", defaultNodeName()),
                r.bool("presence.cluster", false));
    }

    private static String defaultNodeName() {
        String host = System.getenv().getOrDefault("HOSTNAME", "node");
        return host.replaceAll("[^A-Za-z0-9._-]", "-");
    }

    private record Reader(Function<String, String> lookup) {

        String string(String key, String def) {
            String v = lookup.apply(key);
            return v == null || v.isBlank() ? def : v.trim();
        }

        Duration millis(String key, long def) {
            long v = number(key, def);
            if (v < 0) {
                throw new IllegalArgumentException(key + " must not be negative, got " + v);
            }
            return Duration.ofMillis(v);
        }

        long positiveLong(String key, long def) {
            long v = number(key, def);
            if (v < 1) {
                throw new IllegalArgumentException(key + " must be a positive integer, got " + v);
            }
            return v;
        }

        Duration positiveMillis(String key, long def) {
            return Duration.ofMillis(positiveLong(key, def));
        }

        int positiveInt(String key, int def) {
            long v = number(key, def);
            if (v < 1 || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(key + " must be a positive integer, got " + v);
            }
            return (int) v;
        }

        boolean bool(String key, boolean def) {
            String v = lookup.apply(key);
            if (v == null || v.isBlank()) {
                return def;
            }
            return switch (v.trim().toLowerCase()) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException(key + " must be true or false, got " + v);
            };
        }

        boolean chatAccessIsGrant() {
            String v = string("presence.chat-access", "open");
            return switch (v) {
                case "open" -> false;
                case "grant" -> true;
                default -> throw new IllegalArgumentException("presence.chat-access must be open or grant, got " + v);
            };
        }

        private long number(String key, long def) {
            String v = lookup.apply(key);
            if (v == null || v.isBlank()) {
                return def;
            }
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be an integer, got " + v, e);
            }
        }
    }
}
