package dev.presence.cli;

/** The service or the database did not answer: exit code 3. */
final class UnreachableException extends RuntimeException {
    UnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
