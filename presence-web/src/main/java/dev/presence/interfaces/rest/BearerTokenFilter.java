package dev.presence.interfaces.rest;

import dev.presence.auth.control.InvalidTokenException;
import dev.presence.status.boundary.PresenceService;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Verifies {@code Authorization: Bearer <jwt>} with the same verifier as the socket's {@code authenticate}
 * (PROTOCOL.md §1). An invalid token is a 401 whatever else applies; a missing one is left to the resource
 * (reads may be anonymous, writes never are).
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";

    @Inject
    PresenceService presence;
    @Inject
    Caller caller;

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return;
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            request.abortWith(ApiErrors.of(401, "unauthorized", "only Bearer tokens are accepted"));
            return;
        }
        try {
            caller.authenticated(presence.verify(header.substring(BEARER.length()).trim()));
        } catch (InvalidTokenException e) {
            request.abortWith(ApiErrors.of(401, "unauthorized", e.getMessage()));
        }
    }
}
