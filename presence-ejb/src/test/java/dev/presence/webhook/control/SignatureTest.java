package dev.presence.webhook.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The header's value, checked against {@code openssl dgst -sha256 -hmac} (an implementation not ours). */
class SignatureTest {

    private final Signature signature = new Signature("a-webhook-secret-of-32-characters".getBytes(StandardCharsets.UTF_8));

    @Test
    void isTheHmacOfTheTimestampADotAndTheBody() {
        // printf '%s' '1764279000.{"events":[...]}' | openssl dgst -sha256 -hmac 'a-webhook-secret-of-32-characters'
        assertEquals("t=1764279000,v1=b5b43ec0ae749007b70d37d228ac4451390484ebbe2f9f91b10c37240bab89b7",
                signature.header(1764279000L, "{\"events\":[{\"id\":\"user.online:alice:1\",\"type\":\"user.online\"}]}"));
    }

    @Test
    void signsTheUtf8BytesOfTheBody() {
        assertEquals("t=1764279000,v1=d03c7804d7efae8eeed9f84cba5e918b75f77c851bce83cfc195d3e763bc29de",
                signature.header(1764279000L, "{\"events\":[\"\u00e9\"]}"));
    }
}
