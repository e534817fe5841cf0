package dev.presence.store.control;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/** A mongo-java-server in memory, a driver client to it and the service's database, for store tests. */
public final class InMemoryMongo implements AutoCloseable {

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
    public final MongoDatabase db = client.getDatabase("presence");

    @Override
    public void close() {
        client.close();
        server.shutdown();
    }
}
