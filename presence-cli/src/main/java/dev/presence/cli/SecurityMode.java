package dev.presence.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * How {@code presence serve} lets users in. With a public key configured (the environment variable, or the
 * system property, {@code mp.jwt.verify.publickey.location}) it verifies tokens with it and the development
 * features are off. Without one it runs in development mode: a key pair of its own in the data dir,
 * development login and anonymous reads on, on loopback unless {@code --host} says otherwise. Development
 * mode against a real database ({@code --mongodb-uri}) needs {@code --dev}: a forgotten key must not open a
 * production database to anyone who can mint a token.
 */
record SecurityMode(boolean development, String publicKey, String issuer) {

    static final String PUBLIC_KEY = "mp.jwt.verify.publickey.location";
    static final String ISSUER = "mp.jwt.verify.issuer";

    /** Decides the mode, or throws {@link IllegalArgumentException} with what to change. */
    static SecurityMode decide(ConfigSources config, boolean realDatabase, boolean devAsked) {
        if (config.isSet("mp.jwt.verify.publickey")) {
            throw new IllegalArgumentException(config.source("mp.jwt.verify.publickey") + " (a key given inline) is not"
                    + " supported: give the key's file as " + ConfigSources.envName(PUBLIC_KEY) + " or -D" + PUBLIC_KEY);
        }
        if (config.isSet(PUBLIC_KEY)) {
            String key = config.value(PUBLIC_KEY).orElseThrow();
            if (devAsked) {
                throw new IllegalArgumentException("--dev asks for development mode, but a public key is configured ("
                        + config.source(PUBLIC_KEY) + "=" + key + "): give one or the other");
            }
            String issuer = config.value(ISSUER).orElseThrow(() -> new IllegalArgumentException("a public key is configured ("
                    + config.source(PUBLIC_KEY) + ") but no issuer: set " + ConfigSources.envName(ISSUER) + " or -D" + ISSUER
                    + " to the iss every token must carry"));
            return new SecurityMode(false, key, issuer);
        }
        if (realDatabase && !devAsked) {
            throw new IllegalArgumentException("no public key is configured (" + ConfigSources.envName(PUBLIC_KEY) + " or -D"
                    + PUBLIC_KEY + "), which is development mode: anyone who reaches the service can mint a token for any user,"
                    + " operators included. Against a real database (--mongodb-uri) that takes --dev; to verify real tokens,"
                    + " configure the public key and its issuer");
        }
        return new SecurityMode(true, null, config.value(ISSUER).orElse(DevKeys.ISSUER));
    }

    /**
     * Sets the server's environment for this mode: in development mode the key pair of the data dir (made on
     * first use), development login and anonymous reads unless configured otherwise. Returns the banner's
     * line about keys.
     */
    String configure(Path dataDir, ConfigSources config, Map<String, String> env) throws Exception {
        if (!development) {
            return "verifying with " + publicKey + " (issuer " + issuer + "); development login off";
        }
        DevKeys keys = DevKeys.in(dataDir).createIfMissing();
        env.put(ConfigSources.envName(PUBLIC_KEY), keys.publicKey().toUri().toString());
        env.put(ConfigSources.envName(ISSUER), issuer);
        putUnlessConfigured(config, env, "presence.dev-login", "true");
        putUnlessConfigured(config, env, "presence.rest.anonymous-reads", "true");
        env.put(ConfigSources.envName("presence.dev-login.private-key-location"), keys.privateKey().toUri().toString());
        return "development key pair in " + keys.privateKey().getParent() + " (issuer " + issuer
                + "); development login on: POST /api/dev/token";
    }

    private static void putUnlessConfigured(ConfigSources config, Map<String, String> env, String key, String value) {
        if (!config.isSet(key)) {
            env.put(ConfigSources.envName(key), value);
        }
    }
}
