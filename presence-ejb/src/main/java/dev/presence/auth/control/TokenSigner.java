package dev.presence.auth.control;

import dev.presence.json.JsonText;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/** Mints RS256 JWTs: development logins, the CLI's {@code presence token}, and chat grants in tests. */
public final class TokenSigner {

    private final PrivateKey key;
    private final String issuer;

    public TokenSigner(PrivateKey key, String issuer) {
        this.key = key;
        this.issuer = issuer;
    }

    public String sign(String userId, Collection<String> groups, Duration ttl, Instant now) {
        return sign(userId, groups, ttl, now, Map.of());
    }

    /** {@code extraClaims} are string claims such as a grant's {@code chatSessionId}. */
    public String sign(String userId, Collection<String> groups, Duration ttl, Instant now, Map<String, String> extraClaims) {
        JsonText claims = new JsonText().beginObject()
                .member("iss", issuer)
                .member("upn", userId)
                .member("sub", userId)
                .member("iat", now.getEpochSecond())
                .member("exp", now.plus(ttl).getEpochSecond())
                .member("jti", UUID.randomUUID().toString());
        claims.name("groups").beginArray();
        groups.forEach(claims::value);
        claims.endArray();
        extraClaims.forEach(claims::member);
        String signingInput = base64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + base64(claims.endObject().toString());
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key);
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the configured key: " + e.getMessage(), e);
        }
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
