package dev.presence.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** The TCP sockets listening on this machine, as {@code ss -ltnp} shows them, read from Linux's /proc. */
final class ListeningSockets {

    private ListeningSockets() {
    }

    /** Whether this machine lets the test read them (Linux, and the processes' fds). */
    static boolean readable() {
        return Files.isReadable(Path.of("/proc/net/tcp")) && Files.isReadable(Path.of("/proc/self/fd"));
    }

    /** The addresses process {@code pid} listens on. */
    static List<InetSocketAddress> of(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closed) {
                    // closed meanwhile
                }
            }
        }
        List<InetSocketAddress> out = new ArrayList<>();
        all().forEach((inode, address) -> {
            if (inodes.contains(inode)) {
                out.add(address);
            }
        });
        return out;
    }

    /** Every listening address on {@code port}, of any process. */
    static List<InetSocketAddress> onPort(int port) throws IOException {
        return all().values().stream().filter(a -> a.getPort() == port).toList();
    }

    /** Listening sockets by inode. */
    private static Map<String, InetSocketAddress> all() throws IOException {
        Map<String, InetSocketAddress> out = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (!"0A".equals(f[3])) { // LISTEN
                    continue;
                }
                String[] local = f[1].split(":");
                out.put(f[9], new InetSocketAddress(address(local[0]), Integer.parseInt(local[1], 16)));
            }
        }
        return out;
    }

    /** /proc's hex address: 32-bit words in host (little-endian) order. */
    private static InetAddress address(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(word * 8 + (3 - b) * 2, word * 8 + (3 - b) * 2 + 2), 16);
            }
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
