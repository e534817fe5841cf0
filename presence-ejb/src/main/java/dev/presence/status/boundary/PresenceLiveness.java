package dev.presence.status.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live means the presence registry is up and counting. */
@Liveness
@ApplicationScoped
public class PresenceLiveness implements HealthCheck {

    @Inject
    PresenceService presence;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("presence").up()
                .withData("sessions", presence.registry().reads().sessionCount())
                .withData("usersOnline", presence.registry().reads().onlineCountAll())
                .build();
    }
}
