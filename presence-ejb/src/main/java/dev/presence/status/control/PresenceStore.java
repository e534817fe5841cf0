package dev.presence.status.control;

import java.util.Collection;
import java.util.Map;

/** Where the registry keeps users beyond its memory: reads on first need, writes behind. */
public interface PresenceStore {

    /** The persisted state of those users that exist; a user absent from the answer was never seen. */
    Map<String, StoredUser> load(Collection<String> userIds);

    /** Queues a write; it is coalesced per user and applied in the next flush. Never blocks on the database. */
    void write(UserWrite write);

    /** Whether a write of the user is queued or being flushed: until it lands, memory is the only copy. */
    default boolean pending(String userId) {
        return false;
    }

    /** A store that keeps nothing: for tests of the pure presence logic. */
    PresenceStore NONE = new PresenceStore() {
        @Override
        public Map<String, StoredUser> load(Collection<String> userIds) {
            return Map.of();
        }

        @Override
        public void write(UserWrite write) {
        }
    };
}
