package dev.presence.cli;

import dev.presence.auth.control.PublicKeys;
import dev.presence.auth.control.TokenSigner;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The operator token the CLI mints by itself, for a command given no token: only for a URL on loopback,
 * and only with the development key of the data dir whose {@code presence serve} runs on that URL's port (so
 * a token is neither sent to another host nor made with the key of another service). Otherwise there is
 * none, and {@link #why()} says why, for the error a refused request gets.
 */
final class OperatorToken {

    static final Duration TTL = Duration.ofMinutes(5);

    private final String token;
    private final String why;

    private OperatorToken(String token, String why) {
        this.token = token;
        this.why = why;
    }

    static OperatorToken forService(String url, Path dataDir) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return none("the URL " + url + " is not valid");
        }
        if (uri.getHost() == null || !onLoopback(uri.getHost())) {
            return none(url + " is not on this machine, and the CLI mints operator tokens only for a presence serve on"
                    + " loopback: give --token, --token-file or PRESENCE_TOKEN");
        }
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        Optional<ServeRecord> serve = ServeRecord.live(dataDir, port);
        if (serve.isEmpty()) {
            return none("no presence serve of the data dir " + dataDir + " runs on port " + port + ", so no token was minted"
                    + " from its key: give --data-dir of the serve at " + url + ", or --token");
        }
        if (!serve.get().developmentKeys()) {
            return none("the presence serve on port " + port + " verifies tokens with a configured key: give --token");
        }
        DevKeys keys = DevKeys.in(dataDir);
        try {
            return new OperatorToken(new TokenSigner(PublicKeys.readPrivateKey(keys.privateKey()), serve.get().issuer())
                    .sign("presence-cli", List.of("presence-admin"), TTL, Instant.now()),
                    "the operator token minted from " + keys.privateKey() + " was refused");
        } catch (Exception e) {
            return none("the development key " + keys.privateKey() + " cannot be read (" + e.getMessage() + "): give --token");
        }
    }

    private static OperatorToken none(String why) {
        return new OperatorToken(null, why);
    }

    /** Whether every address {@code host} names is a loopback address. */
    static boolean onLoopback(String host) {
        try {
            InetAddress[] all = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
            return all.length > 0 && Arrays.stream(all).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    Optional<String> token() {
        return Optional.ofNullable(token);
    }

    /** Why there is no token, or which key made the one there is: for the error when the service refuses. */
    String why() {
        return why;
    }
}
