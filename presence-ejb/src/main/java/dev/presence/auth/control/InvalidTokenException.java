package dev.presence.auth.control;

/** A token that fails one of the rules of PROTOCOL.md §1; the message says which, for the client. */
public final class InvalidTokenException extends Exception {
    public InvalidTokenException(String message) {
        super(message, null, false, false);
    }
}
