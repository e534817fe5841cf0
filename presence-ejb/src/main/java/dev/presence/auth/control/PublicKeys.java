package dev.presence.auth.control;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.io.ByteArrayInputStream;
import java.util.Base64;

/** Reads RSA keys from PEM files named by a {@code file:} URL or a plain path. */
public final class PublicKeys {

    private PublicKeys() {
    }

    /** {@code mp.jwt.verify.publickey.location} as a path: a {@code file:} URL or a plain path both work. */
    public static Path locate(String location) {
        String l = location.trim();
        if (l.startsWith("file:")) {
            return Path.of(URI.create(l));
        }
        return Path.of(l);
    }

    public static PublicKey readPublicKey(String location) throws IOException, GeneralSecurityException {
        String pem = Files.readString(locate(location));
        if (pem.contains("BEGIN CERTIFICATE")) {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                    .getPublicKey();
        }
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(Files.readString(file), "PRIVATE KEY")));
    }

    private static byte[] der(String pem, String kind) throws GeneralSecurityException {
        String begin = "-----BEGIN " + kind + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf("-----END " + kind + "-----");
        if (from < 0 || to < from) {
            throw new GeneralSecurityException("not a PEM " + kind);
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }
}
