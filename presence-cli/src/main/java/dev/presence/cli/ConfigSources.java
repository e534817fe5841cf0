package dev.presence.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The configuration {@code presence serve} itself was given, read as MicroProfile Config reads it: a system
 * property of serve's JVM ({@code java -Dmp.jwt.verify.publickey.location=... -jar presence-cli.jar serve}),
 * else an environment variable of the same name, as it is or in upper case with {@code _} for {@code .} and
 * {@code -}. Serve decides development mode from it, and passes the system properties on to the server.
 */
final class ConfigSources {

    /** The keys of the application's configuration, passed on to the server when given as system properties. */
    private static final String[] PREFIXES = {"mp.jwt.", "presence.", "jnosql."};

    private final Properties system;
    private final Map<String, String> env;

    ConfigSources(Properties system, Map<String, String> env) {
        this.system = system;
        this.env = env;
    }

    static ConfigSources ofThisProcess() {
        return new ConfigSources(System.getProperties(), System.getenv());
    }

    Optional<String> value(String key) {
        String v = system.getProperty(key);
        if (v == null) {
            v = env.get(key);
        }
        if (v == null) {
            v = env.get(key.replaceAll("[^A-Za-z0-9]", "_"));
        }
        if (v == null) {
            v = env.get(envName(key));
        }
        return Optional.ofNullable(v).filter(s -> !s.isBlank()).map(String::trim);
    }

    boolean isSet(String key) {
        return value(key).isPresent();
    }

    /** Where the value of {@code key} comes from, for messages: the system property or the variable. */
    String source(String key) {
        return system.getProperty(key) != null ? "-D" + key : envName(key);
    }

    /** {@code presence.session-timeout-ms} as an environment variable: {@code PRESENCE_SESSION_TIMEOUT_MS}. */
    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /**
     * The application's keys given to serve as system properties, as environment variables of the server
     * (not as its command line, which every local user can read). They replace a variable of the same name, as
     * a system property wins over the environment in MicroProfile Config.
     */
    Map<String, String> systemPropertiesForServer() {
        Map<String, String> out = new TreeMap<>();
        for (String key : system.stringPropertyNames()) {
            for (String prefix : PREFIXES) {
                if (key.startsWith(prefix)) {
                    out.put(envName(key), system.getProperty(key));
                }
            }
        }
        return out;
    }
}
