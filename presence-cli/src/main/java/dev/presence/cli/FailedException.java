package dev.presence.cli;

/** The command ran but did not succeed (a refused request, a missing user): exit code 1. */
final class FailedException extends RuntimeException {
    FailedException(String message) {
        super(message);
    }
}
