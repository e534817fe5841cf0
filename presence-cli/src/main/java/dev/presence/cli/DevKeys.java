package dev.presence.cli;

import dev.presence.auth.control.PublicKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;

/**
 * The development RSA key pair in the data dir: made once, reused by every later {@code serve}. The directory
 * is owner-only and each key is written owner-only and whole (see {@link OwnerOnlyFiles}); a pair that does
 * not load, or whose halves do not match (a serve of an earlier version killed while writing it), is made
 * again.
 */
record DevKeys(Path privateKey, Path publicKey) {

    static final String ISSUER = "presence-dev";

    static DevKeys in(Path dataDir) {
        Path dir = dataDir.resolve("dev-keys");
        return new DevKeys(dir.resolve("private.pem"), dir.resolve("public.pem"));
    }

    boolean exist() {
        return Files.isRegularFile(privateKey) && Files.isRegularFile(publicKey);
    }

    DevKeys createIfMissing() throws IOException, GeneralSecurityException {
        OwnerOnlyFiles.ownDirectory(privateKey.getParent());
        if (exist() && usable()) {
            OwnerOnlyFiles.file(privateKey);
            return this;
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        OwnerOnlyFiles.write(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        OwnerOnlyFiles.write(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        return this;
    }

    /** Whether both keys load and belong together: a signature of the one verifies with the other. */
    boolean usable() {
        try {
            byte[] probe = "presence dev keys".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(PublicKeys.readPrivateKey(privateKey));
            s.update(probe);
            byte[] signature = s.sign();
            s.initVerify(PublicKeys.readPublicKey(publicKey.toString()));
            s.update(probe);
            return s.verify(signature);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String pem(String kind, byte[] der) {
        return "-----BEGIN " + kind + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + kind + "-----\n";
    }
}
