package dev.presence.store.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready means the database answers: without it nothing new can be stored. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    @Inject
    Storage storage;

    @Override
    public HealthCheckResponse call() {
        try {
            storage.ping();
            return HealthCheckResponse.named("database").up().withData("queueDepth", storage.queueDepth()).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("database").down()
                    .withData("reason", "database unreachable: " + e.getClass().getSimpleName())
                    .withData("queueDepth", storage.queueDepth()).build();
        }
    }
}
