package dev.presence.interfaces.rest;

import dev.presence.json.JsonText;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every failure becomes {@code {"error": code, "message": ...}}. Nothing of the server's internals (stack
 * traces, class names) reaches the client; unexpected failures are logged here instead.
 */
@Provider
public class ApiErrors implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ApiErrors.class.getName());

    public static Response of(int status, String code, String message) {
        String body = new JsonText().beginObject().member("error", code).member("message", message).endObject().toString();
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    @Override
    public Response toResponse(Throwable e) {
        if (e instanceof ApiException a) {
            return of(a.status(), a.code(), a.getMessage());
        }
        if (e instanceof WebApplicationException w) {
            int status = w.getResponse().getStatus();
            return switch (status) {
                case 400 -> of(400, "bad-request", "the request is malformed");
                case 401 -> of(401, "unauthorized", "a valid bearer token is required");
                case 403 -> of(403, "forbidden", "not allowed");
                case 404 -> of(404, "not-found", "no such resource");
                case 405 -> of(405, "bad-request", "method not allowed on this resource");
                case 413 -> of(413, "too-large", "the body is larger than 1 MiB");
                case 415 -> of(415, "bad-request", "send application/json");
                default -> status < 500 ? of(status, "bad-request", "the request was refused")
                        : of(status, "internal", "the server could not handle this request");
            };
        }
        LOG.log(Level.WARNING, "request failed", e);
        return of(500, "internal", "the server could not handle this request");
    }
}
