package dev.presence.cluster.control;

import dev.presence.chat.control.ChatBus;
import dev.presence.chat.control.ChatMembership;
import dev.presence.chat.control.ChatSessions;
import dev.presence.status.control.PresenceDirectory;
import dev.presence.status.control.PresenceRegistry;
import dev.presence.status.control.PresenceStore;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A member of the data grid: states and memberships in the grid ({@link DataGrid}), dead nodes noticed by
 * their leases and swept ({@link NodeWatch}), the oldest member the leader.
 */
public final class GridCluster implements ClusterLifecycle {

    private final DataGrid grid;
    private final NodeWatch watch;
    private final PresenceDirectory directory;
    private PresenceRegistry registry;
    private ChatSessions rooms;

    public GridCluster(DataGrid grid, long leaseMillis) {
        this.grid = grid;
        this.watch = new NodeWatch(leaseMillis);
        this.directory = grid.directory();
    }

    @Override
    public PresenceDirectory directory() {
        return directory;
    }

    @Override
    public ChatMembership membership() {
        return grid.membership();
    }

    @Override
    public ChatBus chatBus() {
        return grid;
    }

    @Override
    public void connect(PresenceRegistry registry, ChatSessions rooms, PresenceStore store, Clock clock,
                        Supplier<Map<String, Instant>> liveLeases, long now) {
        this.registry = registry;
        this.rooms = rooms;
        grid.connect(registry, rooms, store, clock);
        watch.sweepsDue(live(liveLeases.get(), now), now);
    }

    @Override
    public boolean isLeader() {
        return grid.isLeader();
    }

    @Override
    public Set<String> memberNodes() {
        return grid.memberNodes();
    }

    @Override
    public boolean owns(String userId) {
        return grid.owns(userId);
    }

    @Override
    public boolean holds(String userId) {
        return directory.get(userId) != null;
    }

    @Override
    public void kick(String userId) {
        grid.kick(userId);
    }

    /** A node is dead once its lease has expired and its data grid member has left. */
    @Override
    public void sweepDeadNodes(Supplier<Map<String, Instant>> liveLeases, long now, Consumer<String> forgetLease) {
        Map<String, Instant> due = watch.sweepsDue(live(liveLeases.get(), now), now);
        due.remove(registry.nodeId());
        if (!due.isEmpty()) {
            due.keySet().forEach(node -> {
                forgetLease.accept(node);
                grid.forgetNode(node);
            });
            grid.dropOwned(due, registry, rooms);
        }
    }

    @Override
    public void leaseLost(long lastRenewal) {
        registry.housekeeping().detach();
        grid.dropEverywhere(registry.nodeId(), lastRenewal, registry, rooms);
    }

    @Override
    public void close() {
        grid.close();
    }

    /** Nodes with a live lease, and data grid members whose lease is late (alive: a slow database is no death). */
    private Map<String, Instant> live(Map<String, Instant> liveLeases, long now) {
        Map<String, Instant> live = new HashMap<>(liveLeases);
        for (String member : grid.memberNodes()) {
            live.putIfAbsent(member, Instant.ofEpochMilli(now));
        }
        return live;
    }
}
