package dev.presence.webhook.control;

import java.io.IOException;

/** Sends one delivery to the receiver. */
@FunctionalInterface
public interface Poster {

    /**
     * POSTs {@code body} with {@code Content-Type: application/json} and the signature header, and returns the
     * HTTP status; throws when there was no answer (refused, reset, or none within the timeout).
     */
    int post(String body, String signature) throws IOException, InterruptedException;
}
