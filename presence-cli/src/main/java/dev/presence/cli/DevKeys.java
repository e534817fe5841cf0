package dev.presence.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/** The development RSA key pair in the data dir: made once, reused by every later {@code serve}. */
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
        if (exist()) {
            return this;
        }
        Files.createDirectories(privateKey.getParent());
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        try {
            Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        return this;
    }

    private static String pem(String kind, byte[] der) {
        return "-----BEGIN " + kind + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + kind + "-----\n";
    }
}
