package dev.presence.it;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.presence.auth.control.TokenSigner;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The built WAR as {@code ROOT.war}, configured for a test: its own store, key pair and settings. */
final class Deployments {

    /** A deployment and the means to mint tokens it accepts. */
    record Setup(WebArchive war, KeyPair keys, String issuer) {
        TokenSigner signer() {
            return signerFor(issuer);
        }

        TokenSigner signerFor(String otherIssuer) {
            return new TokenSigner(keys.getPrivate(), otherIssuer);
        }
    }

    private Deployments() {
    }

    /** Starts a mongo-java-server for the deployment (it lives as long as the test JVM) and writes its config. */
    static Setup war(String issuer, String... settings) throws Exception {
        MongoServer mongo = new MongoServer(new MemoryBackend());
        return warAgainst(mongo.bindAndGetConnectionString(), issuer, settings);
    }

    /** A deployment against a store the test started (and may stop). */
    static Setup warAgainst(String mongoUri, String issuer, String... settings) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        Path publicKey = Files.createTempFile("presence-it", ".pem");
        Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        String config = String.join("\n",
                "jnosql.mongodb.url=" + mongoUri,
                "jnosql.document.database=presence-it",
                "mp.jwt.verify.publickey.location=" + publicKey, // a plain path, not a URL
                "mp.jwt.verify.issuer=" + issuer,
                "presence.offline-grace-ms=200",
                "presence.node-name=it",
                String.join("\n", settings));
        WebArchive war = ShrinkWrap.create(ZipImporter.class, "ROOT.war")
                .importFrom(new File(System.getProperty("presence.war", "target/presence.war")))
                .as(WebArchive.class)
                .addAsResource(new StringAsset(config), "META-INF/microprofile-config.properties");
        return new Setup(war, pair, issuer);
    }
}
