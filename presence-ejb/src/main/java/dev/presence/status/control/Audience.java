package dev.presence.status.control;

import java.util.function.Consumer;

/**
 * One reason a session hears about a user's status changes (PROTOCOL.md §2, audiences a–d). The registry
 * asks each audience for its sessions at the moment of the change; the union gets the event once.
 */
public interface Audience {

    /**
     * @param online the user's presence after the change; an audience may use it to reach sessions that
     *               were interested until the user's last session ended (chat co-members)
     */
    void collect(UserPresence user, boolean online, Consumer<ClientSession> into);

    /** Whether some session here is interested in the user, so the user must stay in memory. */
    default boolean keepsInMemory(String userId) {
        return false;
    }

    /** The user left memory: forget whatever was kept for them. */
    default void forget(String userId) {
    }
}
