package dev.presence.cluster.control;

import dev.presence.chat.control.ChatBus;
import dev.presence.chat.control.ChatMembership;
import dev.presence.chat.control.ChatSessions;
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
 * What a node does with the rest of its cluster: where users' states and chat memberships live, who does
 * the cluster-wide chores, and what happens when a node dies or this one loses its lease.
 * {@link SingleNode} is a node alone, {@link GridCluster} a member of Payara's data grid; the composition
 * root picks one at start-up and nothing else asks which it has.
 */
public interface ClusterLifecycle extends AutoCloseable {

    /** Where users' states live: this node's memory, or the data grid. */
    PresenceDirectory directory();

    /** Where chat memberships live. */
    ChatMembership membership();

    /** How chat events reach the other nodes. */
    ChatBus chatBus();

    /**
     * Starts hearing the other nodes, once the registry and chat sessions exist, before the node accepts a
     * session. {@code liveLeases}: the nodes with a live lease now, as the database says (read only by a
     * member of a cluster).
     */
    void connect(PresenceRegistry registry, ChatSessions rooms, PresenceStore store, Clock clock,
                 Supplier<Map<String, Instant>> liveLeases, long now);

    /** Whether this node runs the chores that must happen once in the cluster (reconciling the database). */
    boolean isLeader();

    /** The nodes that are members now whatever their lease says; none on a single node. */
    Set<String> memberNodes();

    /** Whether this node records the user's events (webhooks): the owner of the user's entry. */
    boolean owns(String userId);

    /** Whether the cluster still holds a state for the user, so a database reconciliation is not their offline. */
    boolean holds(String userId);

    /** Asks the other nodes to close the user's sessions (this node closes its own). */
    void kick(String userId);

    /**
     * Once a second: nodes found dead (lease gone and member left) lose their sessions in the entries this
     * node owns; {@code forgetLease} deletes each one's lease first, so it cannot come back unnoticed.
     */
    void sweepDeadNodes(Supplier<Map<String, Instant>> liveLeases, long now, Consumer<String> forgetLease);

    /**
     * This node's lease expired before it could renew it (a long pause): the others have taken its users
     * offline. Its sessions are closed (their clients reconnect) and what the cluster still says it holds
     * is removed, with lastSeen no earlier than {@code lastRenewal}.
     */
    void leaseLost(long lastRenewal);

    /** Leaves the cluster. */
    @Override
    void close();
}
