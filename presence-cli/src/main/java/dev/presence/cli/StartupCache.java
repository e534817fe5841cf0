package dev.presence.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The server JVM's ahead-of-time cache (JDK 25 and later, JEPs 483, 514 and 515): the classes a start
 * loads, already parsed and linked, and method profiles, taken from an earlier run of the same build with
 * the same JVM flags. The first serve of a build records it as it runs ({@code -XX:AOTCacheOutput}), or with
 * {@code --train-startup-cache} on a throwaway server it puts through a workload ({@link StartupTraining}); the
 * JVM writes it when that server stops gracefully; later serves start from it ({@code -XX:AOTCache}).
 *
 * <p>One cache per build, JDK and flag set, named by a digest of all three, in a per-user directory, so that
 * every data dir and every node shares it. A cache is trusted only once the JVM has said it finished writing
 * it: it is recorded under a temporary name and moved into place after that, so a server killed while it
 * writes leaves a part file that is never used (and deleted by a later start). A JDK before 25 gets no flag.
 */
final class StartupCache {

    /** What a serve does with the cache: start from it, record it, or neither (and why, for its banner). */
    record Plan(List<String> jvmFlags, Path recording, Path cache, String note) {

        static Plan off(String why) {
            return new Plan(List.of(), null, null, why);
        }

        /** Starting from the cache written at {@code cache}. */
        static Plan from(Path cache, String note) {
            return new Plan(List.of("-XX:AOTCache=" + cache), null, cache, note);
        }

        boolean records() {
            return recording != null;
        }
    }

    /** Printed by the JVM once it has written the whole cache (JDK 25). */
    static final String WRITTEN = "AOTCache creation is complete: ";
    private static final Duration ABANDONED = Duration.ofMinutes(30);
    static final int KEPT = 6;

    private final Path directory;

    StartupCache(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** {@code $PRESENCE_CACHE_DIR}, else {@code $XDG_CACHE_HOME/presence}, else {@code ~/.cache/presence}. */
    static StartupCache forThisUser() {
        String explicit = System.getenv("PRESENCE_CACHE_DIR");
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path dir = explicit != null && !explicit.isBlank() ? Path.of(explicit)
                : xdg != null && !xdg.isBlank() ? Path.of(xdg, "presence")
                : Path.of(System.getProperty("user.home"), ".cache", "presence");
        return new StartupCache(dir);
    }

    /**
     * The flags for a server started by {@code jvm} (its {@code java}, its flags, {@code -jar} and the jar:
     * what the cache must match; Payara's own arguments do not count) on a JDK of feature version
     * {@code jdk}, whose build consists of {@code builtFrom}; {@code instance} tells apart the recordings of
     * nodes that start together.
     */
    Plan plan(List<String> jvm, int jdk, List<Path> builtFrom, String instance) {
        if (jdk < 25) {
            return Plan.off("none (the ahead-of-time cache needs JDK 25 or later; this is JDK " + jdk + ")");
        }
        if (jvm.stream().anyMatch(f -> f.startsWith("-XX:AOT") || f.startsWith("-XX:SharedArchiveFile"))) {
            return Plan.off("as the given JVM flags say");
        }
        try {
            OwnerOnlyFiles.directory(directory);
            deleteAbandonedParts();
            Path cache = directory.resolve("server-" + key(jvm, builtFrom) + ".aot");
            if (Files.isRegularFile(cache)) {
                return Plan.from(cache, "started from " + cache);
            }
            Path recording = directory.resolve(cache.getFileName() + "." + instance + ".part");
            Files.deleteIfExists(recording);
            return new Plan(List.of("-XX:AOTCacheOutput=" + recording), recording, cache,
                    "recording one on this run (once per build): written to " + cache + " when the service stops, which then takes some seconds more");
        } catch (IOException e) {
            return Plan.off("none (" + directory + ": " + e.getMessage() + ")");
        }
    }

    /**
     * After the recording server has ended: moves the cache into place if the JVM said it wrote all of it
     * ({@code log} is the server's output); returns what happened, for the stop's last lines.
     */
    static String keep(Plan plan, Path log) {
        if (!plan.records()) {
            return null;
        }
        try {
            boolean written = Files.isRegularFile(plan.recording()) && Files.size(plan.recording()) > 0
                    && tail(log).contains(WRITTEN + plan.recording());
            if (!written) {
                Files.deleteIfExists(plan.recording());
                return "start-up cache: not written (the server did not stop gracefully); the next start records it again";
            }
            Files.move(plan.recording(), plan.cache(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            OwnerOnlyFiles.restrictToOwner(plan.cache()); // the JVM writes it 0644; its directory is 0700 anyway
            pruneOthers(plan.cache());
            return "start-up cache: written to " + plan.cache() + "; the next start uses it";
        } catch (IOException e) {
            return "start-up cache: not kept (" + e.getMessage() + ")";
        }
    }

    /** The last 64 KiB of the server's log, where the JVM's last words are. */
    private static String tail(Path log) throws IOException {
        try (java.nio.channels.FileChannel f = java.nio.channels.FileChannel.open(log)) {
            long from = Math.max(0, f.size() - 65_536);
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) (f.size() - from));
            while (buffer.hasRemaining() && f.read(buffer, from + buffer.position()) > 0) {
                // until the end
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        }
    }

    /** At most {@link #KEPT} caches (about 120 MB each) stay: the newest; other builds' go first. */
    private static void pruneOthers(Path kept) throws IOException {
        try (Stream<Path> files = Files.list(kept.getParent())) {
            // newest first; File.lastModified gives 0 for a file another serve deleted meanwhile
            List<Path> caches = files.filter(f -> f.getFileName().toString().matches("server-[0-9a-f]+\\.aot"))
                    .sorted(java.util.Comparator.comparingLong((Path f) -> f.toFile().lastModified()).reversed()).toList();
            for (Path old : caches.subList(Math.min(KEPT, caches.size()), caches.size())) {
                Files.deleteIfExists(old);
            }
        }
    }

    /** A digest of the JVM, its flags and every file of the build (size and time). */
    static String key(List<String> jvm, List<Path> builtFrom) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(System.getProperty("java.vm.version", "").getBytes(StandardCharsets.UTF_8));
            for (String part : jvm) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            for (Path file : builtFrom) {
                sha.update((file + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis())
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Part files of recordings that ended without their move (a killed server); none is ever used. */
    private void deleteAbandonedParts() throws IOException {
        Instant before = Instant.now().minus(ABANDONED);
        try (Stream<Path> files = Files.list(directory)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".part")
                    || f.getFileName().toString().endsWith(".part.config")).toList()) {
                if (Files.getLastModifiedTime(f).toInstant().isBefore(before)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
