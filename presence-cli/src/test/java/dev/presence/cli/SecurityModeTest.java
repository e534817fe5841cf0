package dev.presence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Development mode is decided from the configuration serve was given (the environment variable or the system
 * property of the public key), is refused against a real database without --dev, and listens on loopback.
 */
class SecurityModeTest {

    @TempDir
    Path dir;

    private static ConfigSources config(Map<String, String> system, Map<String, String> env) {
        Properties p = new Properties();
        p.putAll(system);
        return new ConfigSources(p, env);
    }

    @Test
    void aPublicKeyGivenAsVariableOrSystemPropertyTurnsDevelopmentModeOff() {
        SecurityMode fromEnv = SecurityMode.decide(config(Map.of(),
                Map.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "/etc/p.pem", "MP_JWT_VERIFY_ISSUER", "https://auth")), true, false);
        assertFalse(fromEnv.development());
        assertEquals("/etc/p.pem", fromEnv.publicKey());
        SecurityMode fromProperty = SecurityMode.decide(config(
                Map.of("mp.jwt.verify.publickey.location", "/etc/q.pem", "mp.jwt.verify.issuer", "https://auth"),
                Map.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "/etc/p.pem")), true, false);
        assertFalse(fromProperty.development());
        assertEquals("/etc/q.pem", fromProperty.publicKey(), "the system property wins, as in MicroProfile Config");
        assertTrue(SecurityMode.decide(config(Map.of(), Map.of()), false, false).development(), "no key: development mode");
    }

    @Test
    void developmentModeAgainstARealDatabaseNeedsDev() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SecurityMode.decide(config(Map.of(), Map.of()), true, false));
        assertTrue(e.getMessage().contains("--dev") && e.getMessage().contains("MP_JWT_VERIFY_PUBLICKEY_LOCATION"), e.getMessage());
        assertTrue(SecurityMode.decide(config(Map.of(), Map.of()), true, true).development());
    }

    @Test
    void contradictionsAndHalfConfigurationsAreRefused() {
        Map<String, String> key = Map.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "/etc/p.pem");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SecurityMode.decide(config(Map.of(), key), false, false))
                .getMessage().contains("MP_JWT_VERIFY_ISSUER"), "a key without its issuer");
        Map<String, String> both = new HashMap<>(key);
        both.put("MP_JWT_VERIFY_ISSUER", "iss");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SecurityMode.decide(config(Map.of(), both), false, true))
                .getMessage().contains("--dev"), "--dev with a key");
        assertThrows(IllegalArgumentException.class, () -> SecurityMode.decide(config(Map.of("mp.jwt.verify.publickey", "MIIB..."), Map.of()),
                false, false), "an inline key the service does not read");
    }

    @Test
    void developmentModeSetsItsKeysAndDefaultsButNotOverWhatWasConfigured() throws Exception {
        ConfigSources c = config(Map.of("presence.rest.anonymous-reads", "false"), Map.of());
        Map<String, String> env = new HashMap<>(c.systemPropertiesForServer());
        SecurityMode.decide(c, false, false).configure(dir, c, env);
        assertEquals("false", env.get("PRESENCE_REST_ANONYMOUS_READS"), "the system property reaches the server");
        assertEquals("true", env.get("PRESENCE_DEV_LOGIN"));
        assertEquals(DevKeys.ISSUER, env.get("MP_JWT_VERIFY_ISSUER"));
        assertTrue(Files.isRegularFile(PublicKeysPath.of(env.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION"))));
        assertEquals(Map.of("PRESENCE_REST_ANONYMOUS_READS", "false", "MP_JWT_VERIFY_ISSUER", "x"),
                config(Map.of("presence.rest.anonymous-reads", "false", "mp.jwt.verify.issuer", "x", "java.home", "/j"), Map.of())
                        .systemPropertiesForServer(), "only the application's keys");
    }

    @Test
    void developmentModeListensOnLoopbackAndAnotherAddressIsAChoice() {
        Listeners dev = Listeners.on(null, true);
        assertEquals("127.0.0.1", dev.host());
        assertTrue(dev.preBootCommands().contains("network-listener.http-listener.address=127.0.0.1"));
        assertEquals(1, dev.exposure(8080, true).size());
        assertEquals("0.0.0.0", Listeners.on(null, false).host(), "a configured key: every interface, as a deployment");
        Listeners everywhere = Listeners.on("0.0.0.0", true);
        assertTrue(everywhere.exposure(8080, true).stream().anyMatch(l -> l.startsWith("WARNING") && l.contains("/api/dev/token")),
                everywhere.exposure(8080, true).toString());
        assertEquals("127.0.0.1", everywhere.reachableAt());
        assertThrows(IllegalArgumentException.class, () -> Listeners.on("203.0.113.7", true), "not an address of this machine");
        assertThrows(IllegalArgumentException.class, () -> Listeners.on("no-such-host.invalid", true));
    }

    /** The verifier's reading of a key location: a file: URL or a path. */
    private static final class PublicKeysPath {
        static Path of(String location) {
            return dev.presence.auth.control.PublicKeys.locate(location);
        }
    }
}
