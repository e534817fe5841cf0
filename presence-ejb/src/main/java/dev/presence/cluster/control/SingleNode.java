package dev.presence.cluster.control;

import dev.presence.chat.control.ChatBus;
import dev.presence.chat.control.ChatMembership;
import dev.presence.chat.control.ChatSessions;
import dev.presence.chat.control.LocalChatMembership;
import dev.presence.status.control.LocalDirectory;
import dev.presence.status.control.PresenceDirectory;
import dev.presence.status.control.PresenceRegistry;
import dev.presence.status.control.PresenceStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A node alone: states and memberships in its memory, no other node to tell, and every chore its own.
 * A lost lease needs nothing here: no other node took its users offline (reconciliation runs only on
 * the leader, which is this node). Not final: a test's cluster overrides what it needs over a node alone.
 */
public class SingleNode implements ClusterLifecycle {

    private final PresenceDirectory directory = new LocalDirectory();
    private final ChatMembership membership = new LocalChatMembership();

    @Override
    public PresenceDirectory directory() {
        return directory;
    }

    @Override
    public ChatMembership membership() {
        return membership;
    }

    @Override
    public ChatBus chatBus() {
        return ChatBus.NONE;
    }

    @Override
    public void connect(PresenceRegistry registry, ChatSessions rooms, PresenceStore store, Clock clock,
                        Supplier<Map<String, Instant>> liveLeases, long now) {
        // nobody to hear
    }

    @Override
    public boolean isLeader() {
        return true;
    }

    @Override
    public Set<String> memberNodes() {
        return Set.of();
    }

    @Override
    public boolean owns(String userId) {
        return true;
    }

    @Override
    public boolean holds(String userId) {
        return false;
    }

    @Override
    public void kick(String userId) {
        // this node's sessions are all there are
    }

    @Override
    public void sweepDeadNodes(Supplier<Map<String, Instant>> liveLeases, long now, Consumer<String> forgetLease) {
        // another incarnation's leftovers are reconciled in the database, not swept
    }

    @Override
    public void leaseLost(long lastRenewal) {
        // nobody else acted on it
    }

    @Override
    public void close() {
        // nothing joined
    }
}
