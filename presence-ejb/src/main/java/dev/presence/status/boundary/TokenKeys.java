package dev.presence.status.boundary;

import dev.presence.auth.control.PublicKeys;
import dev.presence.auth.control.TokenSigner;
import dev.presence.auth.control.TokenVerifier;
import dev.presence.status.control.PresenceSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/** The keys the node verifies tokens with, and signs development tokens with, from MicroProfile Config. */
final class TokenKeys {

    private TokenKeys() {
    }

    /** Fails the deployment when no key or issuer is configured: without them no token can be verified. */
    static TokenVerifier verifier(Config config, Clock clock) {
        Optional<String> location = config.getOptionalValue("mp.jwt.verify.publickey.location", String.class);
        String issuer = config.getOptionalValue("mp.jwt.verify.issuer", String.class).orElse(null);
        if (location.isEmpty() || issuer == null) {
            throw new IllegalStateException("mp.jwt.verify.publickey.location and mp.jwt.verify.issuer must be set:"
                    + " without them no token can be verified");
        }
        try {
            return new TokenVerifier(PublicKeys.readPublicKey(location.get()), issuer,
                    TokenVerifier.audiences(config.getOptionalValue("mp.jwt.verify.audiences", String.class).orElse(null)), clock);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the public key at " + location.get() + ": " + e.getMessage(), e);
        }
    }

    /** The development signer while {@code presence.dev-login} is true; null otherwise. */
    static TokenSigner devSigner(Config config, PresenceSettings settings) {
        if (!settings.devLogin()) {
            return null;
        }
        String location = config.getOptionalValue("presence.dev-login.private-key-location", String.class)
                .orElseThrow(() -> new IllegalStateException(
                        "presence.dev-login is true but presence.dev-login.private-key-location is not set"));
        try {
            Path key = PublicKeys.locate(location);
            return new TokenSigner(PublicKeys.readPrivateKey(key), config.getValue("mp.jwt.verify.issuer", String.class));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the development private key at " + location + ": " + e.getMessage(), e);
        }
    }
}
