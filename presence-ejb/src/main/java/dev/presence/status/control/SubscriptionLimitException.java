package dev.presence.status.control;

/** A request that would take a session past one of its limits; it changes nothing. */
public final class SubscriptionLimitException extends Exception {
    public SubscriptionLimitException(String message) {
        super(message, null, false, false);
    }
}
