package dev.presence.interfaces.socket;

/** A frame or field that breaks PROTOCOL.md; answered with {@code bad-request} and changes nothing. */
public final class BadRequestException extends Exception {
    public BadRequestException(String message) {
        super(message, null, false, false);
    }
}
