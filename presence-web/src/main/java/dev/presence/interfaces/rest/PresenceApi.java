package dev.presence.interfaces.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The REST API of PROTOCOL.md §3 under {@code /api}. */
@ApplicationPath("/api")
@OpenAPIDefinition(info = @Info(title = "Presence", version = "1",
        description = "Who is online, their statuses and lastSeen. Real-time events are on the WebSocket at /ws."))
@SecurityScheme(securitySchemeName = "jwt", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class PresenceApi extends Application {
}
