package dev.presence.status.control;

import java.util.function.Consumer;

/**
 * One reason a session hears about a user's status changes (PROTOCOL.md §2, audiences a–d). The registry
 * asks each audience for its sessions at the moment of the change; the union gets the event once.
 */
@FunctionalInterface
public interface Audience {

    /**
     * @param online the user's presence after the change; an audience may use it to reach sessions that
     *               were interested until the user's last session ended (chat co-members)
     */
    void collect(UserPresence user, boolean online, Consumer<ClientSession> into);
}
