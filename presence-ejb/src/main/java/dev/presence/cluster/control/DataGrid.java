package dev.presence.cluster.control;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.partition.Partition;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import com.hazelcast.replicatedmap.ReplicatedMap;
import com.hazelcast.topic.ITopic;
import dev.presence.chat.control.ChatBus;
import dev.presence.chat.control.ChatEvent;
import dev.presence.chat.control.ChatMembership;
import dev.presence.chat.control.ChatSessions;
import dev.presence.status.control.CloseCodes;
import dev.presence.status.control.PresenceDirectory;
import dev.presence.status.control.PresenceRegistry;
import dev.presence.status.control.PresenceStore;
import dev.presence.status.control.UserState;
import dev.presence.status.control.UserWrite;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One node's link to the data grid (Payara's Hazelcast) that makes several nodes one service:
 * <ul>
 * <li>users' states and chat-session membership live in two maps, changed by compare-and-set;</li>
 * <li>every change of a user's state reaches every node through an entry listener, and each node tells its
 * own interested sessions; the member owning the entry writes it to the database, so each user's document
 * has one writer and its changes are written in order;</li>
 * <li>chat events (joins, leaves, typing, messages) and operator kicks go to the other nodes on topics;</li>
 * <li>when a node dies, each node takes its dead sessions out of the entries it owns, so the work is
 * partitioned and doing it twice is harmless.</li>
 * </ul>
 */
public final class DataGrid implements ChatBus, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DataGrid.class.getName());
    static final String CHAT_TOPIC = "presence-chat-events";
    static final String KICK_TOPIC = "presence-kicks";
    static final String NODES = "presence-nodes";

    private final HazelcastInstance hz;
    private final IMap<String, String> users;
    private final IMap<String, String> chats;
    private final ITopic<String> chatTopic;
    private final ITopic<String> kickTopic;
    /** nodeId → the data grid member it runs in; replicated, so reading it is local. */
    private final ReplicatedMap<String, String> nodes;
    private String nodeId;
    private final List<Runnable> listeners = new ArrayList<>();
    private static final long[] RESYNC_AFTER_SECONDS = {3, 15};
    private final ScheduledExecutorService resyncs;

    /** @param resyncs where catching up after a membership change runs (a managed executor on Payara) */
    public DataGrid(HazelcastInstance hz, ScheduledExecutorService resyncs) {
        this.hz = hz;
        this.resyncs = resyncs;
        this.users = outsideApplication(() -> hz.getMap(GridDirectory.MAP));
        this.chats = outsideApplication(() -> hz.getMap(GridChatMembership.MAP));
        this.chatTopic = outsideApplication(() -> hz.getTopic(CHAT_TOPIC));
        this.kickTopic = outsideApplication(() -> hz.getTopic(KICK_TOPIC));
        this.nodes = outsideApplication(() -> hz.getReplicatedMap(NODES));
    }

    /**
     * Gets a grid object on a fresh thread that carries no application invocation. Payara ties an object
     * first created inside an application to it (Hazelcast's tenant control) and then sets up that
     * application's naming and CDI request context around every operation the object's owner runs, which
     * dominated the partition threads' CPU (docs/PERFORMANCE.md, "Cluster"). These objects hold
     * strings only, so they need no class of the application and no tenant.
     */
    private static <T> T outsideApplication(Callable<T> get) {
        FutureTask<T> task = new FutureTask<>(get);
        Thread.ofPlatform().name("presence-grid-setup").inheritInheritableThreadLocals(false).start(task);
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while joining the data grid", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    public PresenceDirectory directory() {
        return new GridDirectory(users, this::ownedHere);
    }

    public ChatMembership membership() {
        return new GridChatMembership(chats);
    }

    @Override
    public void publish(ChatEvent event) {
        chatTopic.publish(GridCodec.encode(event));
    }

    /**
     * Starts hearing the grid: users' changes into {@code registry} (and, for the entries this member owns,
     * into {@code store}), chat events into {@code rooms}, kicks. Then takes the states already in the grid,
     * so this node knows who is online before it accepts a session.
     */
    public void connect(PresenceRegistry registry, ChatSessions rooms, PresenceStore store, Clock clock) {
        nodeId = registry.nodeId();
        nodes.put(nodeId, hz.getCluster().getLocalMember().getUuid().toString());
        UserListener userListener = new UserListener(registry, store, clock);
        UUID u = users.addEntryListener(userListener, true);
        listeners.add(() -> users.removeEntryListener(u));
        UUID c = chatTopic.addMessageListener(m -> {
            if (!m.getPublishingMember().localMember()) {
                rooms.received(GridCodec.chatEvent(m.getMessageObject()));
            }
        });
        listeners.add(() -> chatTopic.removeMessageListener(c));
        UUID k = kickTopic.addMessageListener(m -> {
            if (!m.getPublishingMember().localMember()) {
                registry.housekeeping().closeUser(m.getMessageObject(), CloseCodes.CLOSED_BY_OPERATOR, "closed by an operator");
            }
        });
        listeners.add(() -> kickTopic.removeMessageListener(k));
        UUID m = hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                resyncLater(registry);
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                resyncLater(registry);
            }
        });
        listeners.add(() -> hz.getCluster().removeMembershipListener(m));
        resync(registry);
    }

    /** Takes every state in the grid that is newer than this node's copy: a change missed is fanned out late. */
    void resync(PresenceRegistry registry) {
        users.forEach((id, json) -> registry.applied(GridCodec.userState(id, json)));
    }

    /**
     * Entry events can be lost while partitions move after a member joins or leaves, so once the
     * migration has had time to finish (and again a little later) this node catches up from the grid.
     */
    private void resyncLater(PresenceRegistry registry) {
        for (long delay : RESYNC_AFTER_SECONDS) {
            resyncs.schedule(() -> {
                try {
                    resync(registry);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "could not catch up with the data grid", e);
                }
            }, delay, TimeUnit.SECONDS);
        }
    }

    /** Asks the other nodes to close the user's sessions (this node closes its own). */
    public void kick(String userId) {
        kickTopic.publish(userId);
    }

    /** The oldest member does the cluster-wide work that must happen once: database reconciliation. */
    public boolean isLeader() {
        return hz.getCluster().getMembers().iterator().next().localMember();
    }

    /**
     * The nodes whose data grid member is in the cluster now: alive, whatever their lease says (a lease
     * can be late while the database is slow, and a node must not be declared dead for that).
     */
    public Set<String> memberNodes() {
        Set<String> members = new HashSet<>();
        hz.getCluster().getMembers().forEach(m -> members.add(m.getUuid().toString()));
        Set<String> alive = new HashSet<>();
        nodes.forEach((node, member) -> {
            if (members.contains(member)) {
                alive.add(node);
            }
        });
        return alive;
    }

    /** A node declared dead leaves the list of nodes. */
    public void forgetNode(String node) {
        nodes.remove(node);
    }

    /**
     * Takes dead nodes' sessions out of the users and chat sessions whose entries this member owns; each
     * member does the same for its own entries.
     */
    public void dropOwned(Map<String, Instant> deadNodes, PresenceRegistry registry, ChatSessions rooms) {
        deadNodes.forEach((node, lastRenewal) -> {
            Predicate<String, String> mentions = mentioning(node);
            Set<String> userIds = users.localKeySet(mentions);
            Set<String> chatIds = chats.localKeySet(mentions);
            LOG.info(() -> "node " + node + " died: taking its sessions out of " + userIds.size() + " user(s) and "
                    + chatIds.size() + " chat session(s) held here");
            rooms.dropNodes(Set.of(node), chatIds);
            registry.dropNodes(Set.of(node), lastRenewal.toEpochMilli(), userIds);
        });
    }

    /** Takes a node's sessions out of every entry, wherever it is owned: for a node declared dead that came back. */
    public void dropEverywhere(String node, long lastSeenFloor, PresenceRegistry registry, ChatSessions rooms) {
        Predicate<String, String> mentions = mentioning(node);
        rooms.dropNodes(Set.of(node), chats.keySet(mentions));
        registry.dropNodes(Set.of(node), lastSeenFloor, users.keySet(mentions));
    }

    /** Entries whose JSON names the node (a superset: the transitions check the node exactly). */
    private static Predicate<String, String> mentioning(String node) {
        return Predicates.like("this", "%\"" + node + "\"%");
    }

    @Override
    public void close() {
        if (nodeId != null) {
            nodes.remove(nodeId);
        }
        listeners.forEach(Runnable::run);
        listeners.clear();
    }

    /** Users' changes, from whichever node made them; ordered per user by the grid. */
    private final class UserListener implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String> {

        private final PresenceRegistry registry;
        private final PresenceStore store;
        private final Clock clock;

        UserListener(PresenceRegistry registry, PresenceStore store, Clock clock) {
            this.registry = registry;
            this.store = store;
            this.clock = clock;
        }

        /**
         * A user loaded into the grid (version 0: as the database has them), or, after the entry was dropped
         * from the grid while offline, a change that put it back: the owner writes the latter.
         */
        @Override
        public void entryAdded(EntryEvent<String, String> e) {
            UserState s = GridCodec.userState(e.getKey(), e.getValue());
            if (s.version() > 0 && ownedHere(e.getKey())) {
                store.write(UserWrite.state(s, clock.instant()));
            }
            registry.applied(s);
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> e) {
            UserState s = GridCodec.userState(e.getKey(), e.getValue());
            if (ownedHere(e.getKey())) {
                store.write(UserWrite.state(s, clock.instant()));
            }
            registry.applied(s);
        }
    }

    /**
     * Whether this member owns the user's entry now: the one node that writes the user to the database, and
     * records the user's webhook events.
     */
    public boolean owns(String userId) {
        return ownedHere(userId);
    }

    private boolean ownedHere(String key) {
        Partition p = hz.getPartitionService().getPartition(key);
        Member owner = p == null ? null : p.getOwner();
        return owner != null && owner.localMember();
    }
}
