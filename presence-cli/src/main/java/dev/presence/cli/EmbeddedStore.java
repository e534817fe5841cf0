package dev.presence.cli;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The MongoDB-compatible store of {@code presence serve}: mongo-java-server with its H2 file backend in the
 * data dir, owner-only. Its address is recorded in {@code store.uri} so other commands find the running
 * store, and the serve that runs it in {@code store.pid}: a record left by a killed serve names a dead
 * process and is not trusted (H2's own file keeps only whole commits, so a store killed mid-write opens at
 * its last commit).
 */
final class EmbeddedStore implements AutoCloseable {

    static final String URI_FILE = "store.uri";
    static final String OWNER_FILE = "store.pid";
    static final String DATA_FILE = "store.mv";
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
        OwnerOnlyFiles.directory(dataDir);
        // H2 creates its file with the process's umask: create it owner-only first (H2 starts a store in an empty file)
        Path file = OwnerOnlyFiles.file(dataDir.resolve(DATA_FILE));
        MongoServer server = new MongoServer(new H2Backend(file.toString()));
        server.bind("127.0.0.1", port);
        InetSocketAddress address = server.getLocalAddress();
        String uri = "mongodb://127.0.0.1:" + address.getPort();
        OwnerOnlyFiles.write(dataDir.resolve(OWNER_FILE), ProcessStamp.current() + "\n");
        OwnerOnlyFiles.write(dataDir.resolve(URI_FILE), uri + "\n");
        return new EmbeddedStore(server, uri, dataDir);
    }

    /** The address of a store a live serve runs in this data dir (another node's), or null. */
    static String running(Path dataDir) {
        try {
            Optional<ProcessStamp> owner = ProcessStamp.parse(Files.readString(dataDir.resolve(OWNER_FILE)));
            if (owner.isEmpty() || !owner.get().alive()) {
                return null;
            }
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

    /** The threads of the store in this process, for a readiness check that hangs. */
    static void threads(PrintWriter err) {
        err.println("threads of the embedded store:");
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (java.util.Arrays.stream(stack).anyMatch(f -> f.getClassName().startsWith("de.bwaldvogel")
                    || f.getClassName().startsWith("org.h2"))) {
                err.println("\"" + thread.getName() + "\" " + thread.getState());
                java.util.Arrays.stream(stack).limit(25).forEach(f -> err.println("    at " + f));
            }
        });
        err.flush();
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            Files.deleteIfExists(dataDir.resolve(URI_FILE));
            Files.deleteIfExists(dataDir.resolve(OWNER_FILE));
        } catch (IOException e) {
            // a stale record names a dead serve: nothing trusts it
        }
    }
}
