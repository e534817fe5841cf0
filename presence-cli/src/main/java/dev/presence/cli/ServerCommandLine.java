package dev.presence.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of serve's server process: its JVM flags, and Payara Micro's arguments on one node or in a cluster. */
final class ServerCommandLine {

    /**
     * JVM flags of the Payara Micro process unless --server-jvm-options replaces them: a fixed heap that holds
     * a node's full session cap with room for bursts; G1, because ZGC cost more memory per session and held
     * fewer; compact object headers and string deduplication for a smaller live heap (the measurements are
     * in docs/PERFORMANCE.md, "JVM flags and the GC").
     */
    static final String SERVER_JVM_FLAGS = "-Xms1200m -Xmx1200m -XX:+UseG1GC -XX:+UseCompactObjectHeaders"
            + " -XX:+UseStringDeduplication";
    /**
     * JVM flags of a cluster node: a member silent for a whole lease (15 s) leaves the data grid, so the
     * entries it owned move to live members within the lease; shorter pauses are waited out.
     */
    static final List<String> CLUSTER_JVM_FLAGS = List.of("-Dhazelcast.max.no.heartbeat.seconds=15",
            "-Dhazelcast.phone.home.enabled=false",
            // the member binds the address it is given (--interfaces), not every interface with that one advertised
            "-Dhazelcast.socket.bind.any=false");
    /**
     * HTTP worker threads of the Payara Micro process: a fixed pool, because Payara's default, larger pool lost
     * a connect storm (docs/PERFORMANCE.md, "Levers"); and large enough that upgrades whose writes wait
     * cannot hold every worker, since Grizzly reads every socket on the same workers: with 16 a node under
     * `simulate abuse` froze, every worker parked on an upgrade's write (docs/PERFORMANCE.md, "Later runs").
     */
    static final int HTTP_THREADS = 64;
    /**
     * Commands Payara Micro runs before it boots. An unbounded HTTP worker queue: Payara's default of 4,096
     * makes Grizzly's selector drop the read events it cannot queue, and a connection whose read is dropped
     * is never read again (3,648 times across a 3-node cluster holding 50,000 sessions, whenever each node
     * got about 16,000 pings within a second). Grizzly queues at most one read per connection, so the queue
     * is bounded by the open-file cap.
     */
    static final String PRE_BOOT_COMMANDS =
            "set configs.config.server-config.thread-pools.thread-pool.http-thread-pool.max-queue-size=-1\n";

    private ServerCommandLine() {
    }

    /**
     * {@code java}, its flags ({@code options}: --server-jvm-options, spaces between flags; a cluster node's
     * own after them), {@code -jar} and Payara Micro: what the start-up cache must match.
     */
    static List<String> jvm(RuntimeFiles runtime, String options, boolean cluster) {
        List<String> jvm = new ArrayList<>();
        jvm.add(runtime.java().toString());
        if (!options.isBlank()) {
            jvm.addAll(List.of(options.trim().split("\\s+")));
        }
        if (cluster) {
            jvm.addAll(CLUSTER_JVM_FLAGS);
            // what a node reads from the data grid with Java serialization: only the classes the grid carries
            jvm.addAll(List.of("-Xbootclasspath/a:" + runtime.gridFilter(),
                    "-Djdk.serialFilterFactory=dev.presence.gridfilter.GridSerialFilter"));
        }
        jvm.addAll(List.of("-jar", runtime.payaraMicro().toString()));
        return jvm;
    }

    /**
     * {@code jvm} running the application as a single node. One node needs no data grid. Only --nohazelcast
     * turns Payara's Hazelcast member off: --nocluster leaves it running, alone, on port 6900 of every
     * interface (and Payara Micro 7 ignores --nohazelcast when --nocluster is also given).
     */
    static List<String> singleNode(List<String> jvm, RuntimeFiles runtime, int port, Path preBoot) {
        List<String> command = new ArrayList<>(jvm);
        command.addAll(deployment(runtime, port));
        command.add("--nohazelcast");
        command.addAll(httpThreads(preBoot));
        return command;
    }

    /** {@code jvm} running the application as a node of a data grid, which {@code grid} (Payara Micro's arguments) names. */
    static List<String> clusterNode(List<String> jvm, RuntimeFiles runtime, int port, Path preBoot, List<String> grid) {
        List<String> command = new ArrayList<>(jvm);
        command.addAll(deployment(runtime, port));
        command.addAll(grid);
        command.addAll(httpThreads(preBoot));
        return command;
    }

    private static List<String> deployment(RuntimeFiles runtime, int port) {
        return List.of("--deploy", runtime.war().toString(), "--contextroot", "/", "--port", Integer.toString(port), "--nohostaware");
    }

    private static List<String> httpThreads(Path preBoot) {
        // A connect storm otherwise grows the pool to 200 threads that fight over 2 cores; the handlers never
        // block for long (reads are from memory), so a small pool keeps up.
        return List.of("--minHttpThreads", Integer.toString(HTTP_THREADS), "--maxHttpThreads", Integer.toString(HTTP_THREADS),
                "--prebootcommandfile", preBoot.toString());
    }
}
