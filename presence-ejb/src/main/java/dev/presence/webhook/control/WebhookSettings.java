package dev.presence.webhook.control;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code presence.webhook.*} configuration (PROTOCOL.md §5). Webhooks are off while the URL is empty.
 *
 * <p>A URL without a secret is refused, not warned about: every delivery is signed, and a receiver that
 * checks the signature (as the README shows) would reject every unsigned batch, so events would pile up
 * and be given up after 24 h; one that does not check could be fed forged events by anyone who finds its
 * address. A refusal at start is seen at once; a warning in a log is seen after the events are gone.
 *
 * @param url        where batches are POSTed
 * @param secret     the HMAC-SHA256 key, as its UTF-8 bytes
 * @param retention  how long delivered (and given-up) events are kept for {@code presence webhooks replay};
 *                   zero keeps none
 * @param queueEvents user events waiting in memory to be written to the outbox, at most
 * @param queueBytes  the same, in bytes
 */
public record WebhookSettings(URI url, byte[] secret, Duration retention, int queueEvents, long queueBytes) {

    public static final String URL = "presence.webhook.url";
    public static final String SECRET = "presence.webhook.secret";
    public static final String RETENTION = "presence.webhook.retention-ms";
    public static final String QUEUE_EVENTS = "presence.webhook.queue-events";
    public static final String QUEUE_BYTES = "presence.webhook.queue-bytes";
    /** A shorter secret is refused: HMAC-SHA256 keys should not be guessable. */
    public static final int MIN_SECRET_CHARS = 16;

    /**
     * Reads the keys through {@code lookup} (null: unset). Empty when no URL is set; throws
     * {@link IllegalArgumentException} with the key and the reason for anything invalid.
     */
    public static Optional<WebhookSettings> from(Function<String, String> lookup) {
        String rawUrl = trimmed(lookup.apply(URL));
        if (rawUrl == null) {
            return Optional.empty();
        }
        URI url = parseUrl(rawUrl);
        String secret = lookup.apply(SECRET);
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException(URL + " is set but " + SECRET + " is empty: webhooks are signed and"
                    + " the service will not send unsigned ones (set a random secret of at least " + MIN_SECRET_CHARS
                    + " characters, shared with the receiver, or unset " + URL + ")");
        }
        if (secret.length() < MIN_SECRET_CHARS) {
            throw new IllegalArgumentException(SECRET + " must have at least " + MIN_SECRET_CHARS + " characters, got "
                    + secret.length());
        }
        long retention = number(lookup, RETENTION, Duration.ofHours(24).toMillis(), 0);
        long events = number(lookup, QUEUE_EVENTS, 10_000, 1);
        if (events > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(QUEUE_EVENTS + " must be at most " + Integer.MAX_VALUE + ", got " + events);
        }
        long bytes = number(lookup, QUEUE_BYTES, 8L << 20, 1);
        return Optional.of(new WebhookSettings(url, secret.getBytes(StandardCharsets.UTF_8), Duration.ofMillis(retention),
                (int) events, bytes));
    }

    private static URI parseUrl(String raw) {
        URI url;
        try {
            url = new URI(raw);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(URL + " is not a URL: " + raw + " (" + e.getReason() + ")", e);
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException(URL + " must be an absolute http or https URL with a host, got " + raw);
        }
        return url;
    }

    private static long number(Function<String, String> lookup, String key, long def, long min) {
        String v = trimmed(lookup.apply(key));
        if (v == null) {
            return def;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got " + v, e);
        }
        if (n < min) {
            throw new IllegalArgumentException(key + " must be at least " + min + ", got " + n);
        }
        return n;
    }

    private static String trimmed(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }

    @Override
    public String toString() {
        return "WebhookSettings[url=" + url + ", secret=(" + secret.length + " bytes), retention=" + retention
                + ", queueEvents=" + queueEvents + ", queueBytes=" + queueBytes + "]";
    }
}
