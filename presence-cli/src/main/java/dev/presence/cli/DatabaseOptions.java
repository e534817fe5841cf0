package dev.presence.cli;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bson.Document;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How db commands reach MongoDB: {@code --mongodb-uri}, else the store {@code presence serve} recorded. */
final class DatabaseOptions {

    @Option(names = "--mongodb-uri", description = "MongoDB connection string (default: the store of a running presence serve)")
    String uri;

    @Option(names = "--database", defaultValue = "presence", description = "Database name (default ${DEFAULT-VALUE})")
    String database;

    @Mixin
    DataDirOption data;

    /**
     * The MongoDB driver logs each connection at INFO, about 3 KB a command: a CLI prints its own output,
     * so the driver's log shows only with {@code --verbose}.
     */
    @Option(names = "--verbose", defaultValue = "false", description = "Also show the MongoDB driver's log")
    void verbose(boolean on) {
        DRIVER_LOG.setLevel(on ? Level.INFO : Level.WARNING);
    }

    /** Kept referenced: java.util.logging holds loggers weakly, and the level must outlive this call. */
    static final Logger DRIVER_LOG = Logger.getLogger("org.mongodb.driver");

    static {
        DRIVER_LOG.setLevel(Level.WARNING);
    }

    /** Runs {@code work} on the database; an unreachable database is exit code 3. */
    <T> T with(Function<MongoDatabase, T> work) {
        String target = uri != null ? uri : recorded(data.dataDir);
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(target))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(3, TimeUnit.SECONDS))
                .build();
        try (MongoClient client = MongoClients.create(settings)) {
            MongoDatabase db = client.getDatabase(database);
            try {
                db.runCommand(new Document("ping", 1));
            } catch (MongoException e) {
                throw new UnreachableException("the database at " + Redaction.secrets(target) + " is not reachable", e);
            }
            return work.apply(db);
        }
    }

    private static String recorded(Path dataDir) {
        Path file = dataDir.resolve(EmbeddedStore.URI_FILE);
        String uri;
        try {
            uri = Files.readString(file).trim();
        } catch (IOException e) {
            throw new UnreachableException("no --mongodb-uri and no running presence serve store (" + file
                    + " is missing); start presence serve or give --mongodb-uri", e);
        }
        Path owner = dataDir.resolve(EmbeddedStore.OWNER_FILE);
        if (Files.exists(owner) && !ownerAlive(owner)) {
            throw new UnreachableException("the presence serve that ran the store in " + dataDir + " is gone (" + file
                    + " was left by a serve that was killed); start presence serve or give --mongodb-uri", null);
        }
        return uri;
    }

    private static boolean ownerAlive(Path owner) {
        try {
            return ProcessStamp.parse(Files.readString(owner)).map(ProcessStamp::alive).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }
}
