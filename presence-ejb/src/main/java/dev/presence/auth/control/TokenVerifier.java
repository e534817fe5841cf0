package dev.presence.auth.control;

import dev.presence.status.control.Identity;
import dev.presence.status.entity.Identifiers;
import dev.presence.json.JsonParsing;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Checks a JWT by the rules of PROTOCOL.md §1 (the MicroProfile JWT rules): RS256 only, signature against
 * the configured key, {@code iss} equal to the configured issuer, {@code exp} present and not past (60 s
 * skew), {@code nbf} if present not ahead (same skew), and the userId from {@code upn}, else
 * {@code preferred_username}, else {@code sub}, obeying the identifier rule. One implementation serves the
 * socket's {@code authenticate}, the REST API and chat grants.
 *
 * <p>With {@code mp.jwt.verify.audiences} configured, {@code aud} (a string or an array) must name one of
 * them. A chat-session grant is the token that carries the claim {@code chatSessionId} (PROTOCOL.md §2): a
 * login token may not carry it, so a grant cannot be used to log in, and a login token is no grant.
 *
 * <p>The key is parsed once; a verification is one RSA signature check and two small JSON parses.
 */
public final class TokenVerifier {

    public static final int MAX_TOKEN_CHARS = 8 * 1024;
    public static final long CLOCK_SKEW_SECONDS = 60;
    /** The claim that makes a token a chat-session grant, and that a login token may not carry. */
    public static final String GRANT_CLAIM = "chatSessionId";

    private final PublicKey key;
    private final String issuer;
    private final Set<String> audiences;
    private final Clock clock;

    public TokenVerifier(PublicKey key, String issuer, Clock clock) {
        this(key, issuer, Set.of(), clock);
    }

    /** {@code audiences} empty: {@code aud} is not checked (MicroProfile JWT without mp.jwt.verify.audiences). */
    public TokenVerifier(PublicKey key, String issuer, Set<String> audiences, Clock clock) {
        this.key = key;
        this.issuer = issuer;
        this.audiences = Set.copyOf(audiences);
        this.clock = clock;
    }

    /** {@code mp.jwt.verify.audiences}: a comma-separated list; null or blank is none. */
    public static Set<String> audiences(String configured) {
        if (configured == null) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String a : configured.split(",")) {
            if (!a.isBlank()) {
                out.add(a.trim());
            }
        }
        return Set.copyOf(out);
    }

    /** A login token (authenticate, REST): valid, and not a chat-session grant. */
    public Identity verify(String token) throws InvalidTokenException {
        return verifyLogin(token).identity();
    }

    /** A login token, with its claims: a session reads {@code exp} from them (PROTOCOL.md §5, token lifetime). */
    public VerifiedClaims verifyLogin(String token) throws InvalidTokenException {
        JsonObject claims = claims(token);
        if (claims.containsKey(GRANT_CLAIM)) {
            throw new InvalidTokenException("token is a chat-session grant (it carries " + GRANT_CLAIM + "), not a login token");
        }
        return new VerifiedClaims(new Identity(userId(claims), groups(claims)), claims);
    }

    /**
     * A chat-session grant: valid, and carrying {@code chatSessionId} as a string. The caller checks that it
     * names the user and the chat session.
     */
    public VerifiedClaims verifyGrant(String token) throws InvalidTokenException {
        JsonObject claims = claims(token);
        if (!(claims.get(GRANT_CLAIM) instanceof JsonString)) {
            throw new InvalidTokenException("token is not a chat-session grant (no " + GRANT_CLAIM + " claim)");
        }
        return new VerifiedClaims(new Identity(userId(claims), groups(claims)), claims);
    }

    /** A verified token's identity and its full claim set. */
    public record VerifiedClaims(Identity identity, JsonObject claims) {
        public String string(String claim) {
            JsonValue v = claims.get(claim);
            return v instanceof JsonString s ? s.getString() : null;
        }

        /** The token's {@code exp} (verified present). */
        public java.time.Instant expiresAt() {
            return java.time.Instant.ofEpochSecond(claims.getJsonNumber("exp").longValue());
        }
    }

    private JsonObject claims(String token) throws InvalidTokenException {
        if (token == null || token.isEmpty()) {
            throw new InvalidTokenException("token is missing");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidTokenException("token is longer than " + MAX_TOKEN_CHARS + " characters");
        }
        int dot1 = token.indexOf('.');
        int dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
        if (dot1 <= 0 || dot2 < 0 || token.indexOf('.', dot2 + 1) >= 0) {
            throw new InvalidTokenException("token is not a signed JWT (header.payload.signature)");
        }
        JsonObject header = json(token.substring(0, dot1), "header");
        JsonValue alg = header.get("alg");
        if (!(alg instanceof JsonString s) || !"RS256".equals(s.getString())) {
            throw new InvalidTokenException("token must be signed with RS256");
        }
        if (header.containsKey("crit")) {
            throw new InvalidTokenException("token header has critical extensions this service does not support");
        }
        checkSignature(token, dot2);
        JsonObject claims = json(token.substring(dot1 + 1, dot2), "payload");
        checkIssuer(claims);
        checkAudience(claims);
        checkTimes(claims);
        return claims;
    }

    private void checkSignature(String token, int dot2) throws InvalidTokenException {
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(token.substring(dot2 + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("token signature is not base64url");
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(token.substring(0, dot2).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(signature)) {
                throw new InvalidTokenException("token signature does not match the configured key");
            }
        } catch (GeneralSecurityException e) {
            throw new InvalidTokenException("token signature does not match the configured key");
        }
    }

    private void checkIssuer(JsonObject claims) throws InvalidTokenException {
        JsonValue iss = claims.get("iss");
        if (!(iss instanceof JsonString s)) {
            throw new InvalidTokenException("token has no issuer (iss)");
        }
        if (!s.getString().equals(issuer)) {
            throw new InvalidTokenException("token issuer is not the configured issuer");
        }
    }

    private void checkAudience(JsonObject claims) throws InvalidTokenException {
        if (audiences.isEmpty()) {
            return;
        }
        JsonValue aud = claims.get("aud");
        if (aud instanceof JsonString s && audiences.contains(s.getString())) {
            return;
        }
        if (aud instanceof jakarta.json.JsonArray a) {
            for (JsonValue v : a) {
                if (v instanceof JsonString s && audiences.contains(s.getString())) {
                    return;
                }
            }
        }
        throw new InvalidTokenException(aud == null ? "token has no audience (aud)" : "token audience (aud) is not this service");
    }

    private void checkTimes(JsonObject claims) throws InvalidTokenException {
        long now = clock.millis() / 1000;
        Long exp = seconds(claims, "exp");
        if (exp == null) {
            throw new InvalidTokenException("token has no expiry (exp)");
        }
        if (now > exp + CLOCK_SKEW_SECONDS) {
            throw new InvalidTokenException("token has expired");
        }
        Long nbf = seconds(claims, "nbf");
        if (nbf != null && now + CLOCK_SKEW_SECONDS < nbf) {
            throw new InvalidTokenException("token is not valid yet (nbf)");
        }
    }

    private static Long seconds(JsonObject claims, String name) throws InvalidTokenException {
        JsonValue v = claims.get(name);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (!(v instanceof JsonNumber n)) {
            throw new InvalidTokenException("token claim " + name + " is not a number");
        }
        try {
            return n.bigDecimalValue().longValue();
        } catch (ArithmeticException e) {
            throw new InvalidTokenException("token claim " + name + " is out of range");
        }
    }

    private static String userId(JsonObject claims) throws InvalidTokenException {
        for (String name : new String[] {"upn", "preferred_username", "sub"}) {
            JsonValue v = claims.get(name);
            if (v instanceof JsonString s) {
                if (!Identifiers.isValid(s.getString())) {
                    throw new InvalidTokenException("token " + name + " is not a valid userId (1-128 of A-Z a-z 0-9 . _ @ + -)");
                }
                return s.getString();
            }
        }
        throw new InvalidTokenException("token names no user (upn, preferred_username or sub)");
    }

    private static Set<String> groups(JsonObject claims) {
        JsonValue v = claims.get("groups");
        if (!(v instanceof jakarta.json.JsonArray a)) {
            return Set.of();
        }
        Set<String> groups = new LinkedHashSet<>();
        for (JsonValue g : a) {
            if (g instanceof JsonString s) {
                groups.add(s.getString());
            }
        }
        return Set.copyOf(groups);
    }

    private static JsonObject json(String part, String what) throws InvalidTokenException {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("token " + what + " is not base64url");
        }
        try (JsonReader r = JsonParsing.PROVIDER.createReader(new StringReader(text))) {
            JsonValue v = r.readValue();
            if (v instanceof JsonObject o) {
                return o;
            }
        } catch (JsonException | IllegalStateException e) {
            // fall through
        }
        throw new InvalidTokenException("token " + what + " is not a JSON object");
    }
}
