package dev.presence.stats.control;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.concurrent.TimeUnit;

/** A mongo-java-server in memory and a client to it, for the stats tests; {@link #stopServer} takes it away. */
final class StatsStore implements AutoCloseable {

    final MongoServer server = new MongoServer(new MemoryBackend());
    final MongoClient client;
    final MongoDatabase db;

    StatsStore() {
        String uri = server.bindAndGetConnectionString();
        client = MongoClients.create(MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(200, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(200, TimeUnit.MILLISECONDS)).build());
        db = client.getDatabase("presence");
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
