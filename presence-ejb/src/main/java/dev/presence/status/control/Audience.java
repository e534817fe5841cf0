package dev.presence.status.control;

import java.util.function.Consumer;

/**
 * One reason a session hears about a user's status changes (PROTOCOL.md §2, audiences a–d). The registry
 * asks each audience for its sessions at the moment of the change; the union gets the event once.
 */
@FunctionalInterface
public interface Audience {

    void collect(UserPresence user, Consumer<ClientSession> into);
}
