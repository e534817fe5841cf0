package dev.presence.store.boundary;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jnosql.communication.semistructured.DatabaseManager;
import org.eclipse.jnosql.databases.mongodb.communication.MongoDBDocumentConfiguration;
import org.eclipse.jnosql.databases.mongodb.communication.MongoDBDocumentManager;
import org.eclipse.jnosql.mapping.Database;
import org.eclipse.jnosql.mapping.DatabaseType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One MongoClient for the application. JNoSQL's own producers open a new client per call; these
 * alternatives replace them, so repositories and the driver code share one connection pool.
 */
@ApplicationScoped
@Alternative
@Priority(Interceptor.Priority.APPLICATION + 100)
public class MongoProducer {

    @Inject
    @ConfigProperty(name = "jnosql.mongodb.url", defaultValue = "mongodb://localhost:27017")
    String url;

    @Inject
    @ConfigProperty(name = "jnosql.document.database", defaultValue = "presence")
    String databaseName;

    private MongoClient client;
    private MongoDBDocumentManager manager;

    @PostConstruct
    void open() {
        // Fail fast rather than hang a request for the driver's default 30 s when the store is away.
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(url))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(3, TimeUnit.SECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(3, TimeUnit.SECONDS).readTimeout(15, TimeUnit.SECONDS))
                .build();
        client = MongoClients.create(settings);
        manager = new MongoDBDocumentConfiguration().get(client).apply(databaseName);
    }

    @PreDestroy
    void close() {
        client.close();
    }

    @Produces
    MongoClient client() {
        return client;
    }

    @Produces
    MongoDatabase database() {
        return client.getDatabase(databaseName);
    }

    @Produces
    @Database(DatabaseType.DOCUMENT)
    DatabaseManager documentManager() {
        return manager;
    }

    @Produces
    @Typed(MongoDBDocumentManager.class)
    MongoDBDocumentManager mongoDocumentManager() {
        return manager;
    }
}
