package dev.presence.cluster.control;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.List;
import java.util.stream.IntStream;

/** Hazelcast members for tests that need a real grid in one JVM: loopback only, TCP join, no phone-home. */
public final class GridMembers {

    private GridMembers() {
    }

    /** Starts the member on {@code port} of a cluster whose {@code size} members listen from {@code basePort} on. */
    public static HazelcastInstance start(String cluster, int port, int basePort, int size) {
        Config config = new Config().setClusterName(cluster).setProperty("hazelcast.phone.home.enabled", "false")
                .setProperty("hazelcast.logging.type", "none");
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true)
                .setMembers(IntStream.range(0, size).mapToObj(i -> "127.0.0.1:" + (basePort + i)).toList());
        config.getNetworkConfig().getInterfaces().setEnabled(true).setInterfaces(List.of("127.0.0.1"));
        return Hazelcast.newHazelcastInstance(config);
    }

    /**
     * Waits until {@code member} sees {@code size} members and the partitions spread over all of them: members
     * join before partitions move to them, and until then one member owns every entry (and gets every event).
     */
    public static void awaitSpread(HazelcastInstance member, int size) {
        dev.presence.testing.Await.until(() -> member.getCluster().getMembers().size() == size
                        && member.getPartitionService().isClusterSafe()
                        && member.getPartitionService().getPartitions().stream().map(p -> p.getOwner())
                                .filter(java.util.Objects::nonNull).distinct().count() == size,
                java.time.Duration.ofSeconds(60), size + " members owning partitions");
    }
}
