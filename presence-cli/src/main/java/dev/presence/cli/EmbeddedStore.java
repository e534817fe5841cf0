package dev.presence.cli;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The MongoDB-compatible store of {@code presence serve}: mongo-java-server with its H2 file backend in the
 * data dir. Its address is recorded in {@code store.uri} so other commands find the running store.
 */
final class EmbeddedStore implements AutoCloseable {

    static final String URI_FILE = "store.uri";
    /** Kept referenced: java.util.logging holds loggers weakly, and the level must outlive this call. */
    private static final java.util.logging.Logger STORE_LOG = java.util.logging.Logger.getLogger("de.bwaldvogel");

    static {
        // the store logs every client connection and each ignored secondary index: noise on serve's console
        STORE_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    private final MongoServer server;
    private final String uri;
    private final Path dataDir;

    private EmbeddedStore(MongoServer server, String uri, Path dataDir) {
        this.server = server;
        this.uri = uri;
        this.dataDir = dataDir;
    }

    static EmbeddedStore start(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        MongoServer server = new MongoServer(new H2Backend(dataDir.resolve("store.mv").toString()));
        server.bind("127.0.0.1", port);
        InetSocketAddress address = server.getLocalAddress();
        String uri = "mongodb://127.0.0.1:" + address.getPort();
        Files.writeString(dataDir.resolve(URI_FILE), uri + "\n");
        return new EmbeddedStore(server, uri, dataDir);
    }

    /** The address of a store already running in this data dir (another node's), or null. */
    static String running(Path dataDir) {
        try {
            String uri = Files.readString(dataDir.resolve(URI_FILE)).trim();
            java.net.URI parsed = java.net.URI.create(uri.replace("mongodb://", "tcp://"));
            try (java.net.Socket probe = new java.net.Socket()) {
                probe.connect(new InetSocketAddress(parsed.getHost(), parsed.getPort()), 1000);
            }
            return uri;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    String uri() {
        return uri;
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            Files.deleteIfExists(dataDir.resolve(URI_FILE));
        } catch (IOException e) {
            // a stale file names a closed port: commands that read it report the store unreachable
        }
    }
}
