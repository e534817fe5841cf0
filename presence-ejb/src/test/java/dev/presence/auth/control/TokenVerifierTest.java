package dev.presence.auth.control;

import dev.presence.testing.TestKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.json.JsonText;
import dev.presence.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The token attacks of the hardening issue, and the rules of PROTOCOL.md §1, against the one verifier. */
class TokenVerifierTest {

    private static final KeyPair KEYS = TestKeys.rsa();
    private static final KeyPair OTHER = TestKeys.rsa();
    private final MutableClock clock = new MutableClock();
    private final TokenVerifier verifier = new TokenVerifier(KEYS.getPublic(), "iss", clock);


    private long now() {
        return clock.instant().getEpochSecond();
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String claims(Map<String, Object> c) {
        JsonText j = new JsonText().beginObject();
        c.forEach((k, v) -> {
            if (v instanceof Number n) {
                j.member(k, n.longValue());
            } else {
                j.member(k, (String) v);
            }
        });
        return j.endObject().toString();
    }

    private static String rs256(String header, String payload, PrivateKey key) throws Exception {
        String input = b64(header) + "." + b64(payload);
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
    }

    private String valid(Map<String, Object> extra) throws Exception {
        Map<String, Object> c = new java.util.LinkedHashMap<>(Map.of("iss", "iss", "upn", "alice", "exp", now() + 3600));
        c.putAll(extra);
        return rs256("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", claims(c), KEYS.getPrivate());
    }

    private void rejected(String token, String why) {
        InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> verifier.verify(token), why);
        assertTrue(!e.getMessage().isBlank());
    }

    @Test
    void aValidTokenNamesItsUserAndGroups() throws Exception {
        String t = new TokenSigner(KEYS.getPrivate(), "iss").sign("bob", List.of("presence-admin"), Duration.ofMinutes(5), clock.instant());
        var id = verifier.verify(t);
        assertEquals("bob", id.userId());
        assertTrue(id.isAdmin());
    }

    @Test
    void algorithmAttacksAreRejected() throws Exception {
        String payload = claims(Map.of("iss", "iss", "upn", "alice", "exp", now() + 3600));
        rejected(b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(payload) + ".", "alg none");
        String input = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64(payload);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEYS.getPublic().getEncoded(), "HmacSHA256"));
        rejected(input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes())), "HS256 with the public key");
        rejected(rs256("{\"alg\":\"RS256\",\"kid\":\"attacker-key\"}", payload, OTHER.getPrivate()), "kid pointing elsewhere");
        rejected(rs256("{\"alg\":\"RS256\",\"jku\":\"https://evil.example/jwks\"}", payload, OTHER.getPrivate()), "jku pointing elsewhere");
        rejected(rs256("{\"alg\":\"RS512\"}", payload, KEYS.getPrivate()), "another algorithm");
    }

    @Test
    void timesIssuersAndSizesAreEnforcedWithSixtySecondsOfSkew() throws Exception {
        rejected(valid(Map.of("exp", now() - 61)), "expired beyond the skew");
        verifier.verify(valid(Map.of("exp", now() - 30)));
        rejected(valid(Map.of("nbf", now() + 120)), "not valid yet");
        verifier.verify(valid(Map.of("nbf", now() + 30)));
        rejected(valid(Map.of("iss", "someone-else")), "wrong issuer");
        rejected(rs256("{\"alg\":\"RS256\"}", claims(Map.of("upn", "alice", "exp", now() + 60)), KEYS.getPrivate()), "no issuer");
        rejected(rs256("{\"alg\":\"RS256\"}", claims(Map.of("iss", "iss", "upn", "alice")), KEYS.getPrivate()), "no exp");
        rejected(valid(Map.of("pad", "x".repeat(9000))), "over 8 KiB");
        rejected(valid(Map.of("upn", "not valid!")), "userId breaking the rule");
        rejected("a.b", "not a JWT");
        rejected("", "empty");
    }

    @Test
    void theUserIsUpnElsePreferredUsernameElseSub() throws Exception {
        String onlySub = rs256("{\"alg\":\"RS256\"}", claims(Map.of("iss", "iss", "sub", "s1", "exp", now() + 60)), KEYS.getPrivate());
        assertEquals("s1", verifier.verify(onlySub).userId());
        String pref = rs256("{\"alg\":\"RS256\"}", claims(Map.of("iss", "iss", "sub", "s1", "preferred_username", "p1", "exp", now() + 60)), KEYS.getPrivate());
        assertEquals("p1", verifier.verify(pref).userId());
        assertEquals("alice", verifier.verify(valid(Map.of("sub", "s1", "preferred_username", "p1"))).userId());
    }

    @Test
    void withAudiencesConfiguredTheAudienceMustNameOneOfThem() throws Exception {
        TokenVerifier checking = new TokenVerifier(KEYS.getPublic(), "iss", TokenVerifier.audiences(" presence , other "), clock);
        assertEquals("alice", checking.verify(valid(Map.of("aud", "presence"))).userId());
        String asArray = rs256("{\"alg\":\"RS256\"}", "{\"iss\":\"iss\",\"upn\":\"alice\",\"exp\":" + (now() + 60)
                + ",\"aud\":[\"someone\",\"other\"]}", KEYS.getPrivate());
        assertEquals("alice", checking.verify(asArray).userId());
        for (String bad : new String[] {valid(Map.of()), valid(Map.of("aud", "someone-else")),
                rs256("{\"alg\":\"RS256\"}", "{\"iss\":\"iss\",\"upn\":\"alice\",\"exp\":" + (now() + 60) + ",\"aud\":[\"x\"]}", KEYS.getPrivate()),
                valid(Map.of("aud", 7))}) {
            assertThrows(InvalidTokenException.class, () -> checking.verify(bad), bad);
        }
        assertThrows(InvalidTokenException.class, () -> checking.verifyGrant(valid(Map.of("chatSessionId", "room"))), "grants too");
        assertEquals("room", checking.verifyGrant(valid(Map.of("chatSessionId", "room", "aud", "other"))).string("chatSessionId"));
        assertEquals(java.util.Set.of(), TokenVerifier.audiences(null));
        assertEquals(java.util.Set.of(), TokenVerifier.audiences(" , "));
        verifier.verify(valid(Map.of("aud", "anything"))); // without the setting, aud is not looked at
    }

    @Test
    void aGrantIsNoLoginTokenAndALoginTokenIsNoGrant() throws Exception {
        String grant = valid(Map.of("chatSessionId", "room"));
        InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> verifier.verify(grant));
        assertTrue(e.getMessage().contains("grant"), e.getMessage());
        assertThrows(InvalidTokenException.class, () -> verifier.verify(valid(Map.of("chatSessionId", 5))), "whatever its type");
        assertThrows(InvalidTokenException.class, () -> verifier.verifyGrant(valid(Map.of())), "a login token");
        assertThrows(InvalidTokenException.class, () -> verifier.verifyGrant(valid(Map.of("chatSessionId", 5))), "not a string");
        TokenVerifier.VerifiedClaims claims = verifier.verifyGrant(grant);
        assertEquals("alice", claims.identity().userId());
        assertEquals("room", claims.string("chatSessionId"));
        String signed = new TokenSigner(KEYS.getPrivate(), "iss").sign("bob", List.of(), Duration.ofMinutes(5), clock.instant(),
                Map.of(TokenVerifier.GRANT_CLAIM, "room"));
        assertThrows(InvalidTokenException.class, () -> verifier.verify(signed), "the signer's grants too");
        assertEquals("bob", verifier.verifyGrant(signed).identity().userId());
    }
}
