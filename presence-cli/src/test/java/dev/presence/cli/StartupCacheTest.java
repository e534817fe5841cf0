package dev.presence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up cache's rules: which flags a serve gets, and that only a cache the JVM finished is ever used. */
class StartupCacheTest {

    @TempDir
    Path dir;

    private StartupCache cache;
    private Path war;
    private Path log;
    private final List<String> jvm = List.of("/jdk/bin/java", "-Xmx1200m", "-XX:+UseG1GC", "-jar", "/rt/payara-micro.jar");

    @BeforeEach
    void build() throws Exception {
        cache = new StartupCache(dir.resolve("cache"));
        war = Files.writeString(dir.resolve("presence.war"), "a build");
        log = Files.writeString(dir.resolve("server.log"), "");
    }

    private StartupCache.Plan plan() {
        return cache.plan(jvm, 25, List.of(war), "port-8080");
    }

    /** What the JVM does on a graceful stop of a recording run: the file, then its last words in the log. */
    private void jvmWrites(StartupCache.Plan plan) throws Exception {
        Files.writeString(plan.recording(), "classes and profiles");
        Files.writeString(log, "...\n" + StartupCache.WRITTEN + plan.recording() + "\n");
    }

    @Test
    void theFirstRunOfABuildRecordsAndTheNextStartsFromWhatItWrote() throws Exception {
        StartupCache.Plan first = plan();
        assertTrue(first.records());
        assertEquals(List.of("-XX:AOTCacheOutput=" + first.recording()), first.jvmFlags());
        assertFalse(Files.exists(first.cache()), "nothing is used before it is written");

        jvmWrites(first);
        assertTrue(StartupCache.keep(first, log).contains("written"));

        StartupCache.Plan second = plan();
        assertFalse(second.records());
        assertEquals(List.of("-XX:AOTCache=" + first.cache()), second.jvmFlags());
        assertFalse(Files.exists(first.recording()), "the recording moved into place");
    }

    @Test
    void aRecordingTheJvmDidNotFinishIsNeverUsed() throws Exception {
        StartupCache.Plan first = plan();
        Files.writeString(first.recording(), "half of a cache"); // killed while writing: no last words
        assertTrue(StartupCache.keep(first, log).contains("not written"));
        assertFalse(Files.exists(first.recording()));
        assertTrue(plan().records(), "the next start records again");
    }

    @Test
    void anotherBuildOrOtherJvmFlagsGetTheirOwnCacheButPayarasArgumentsDoNot() throws Exception {
        String key = StartupCache.key(jvm, List.of(war));
        assertEquals(key, StartupCache.key(jvm, List.of(war)));
        Files.setLastModifiedTime(war, FileTime.from(Instant.now().plus(1, ChronoUnit.MINUTES)));
        assertNotEquals(key, StartupCache.key(jvm, List.of(war)), "a rebuilt application");
        String rebuilt = StartupCache.key(jvm, List.of(war));
        List<String> clusterFlags = List.of("/jdk/bin/java", "-Xmx1200m", "-XX:+UseG1GC", "-Xbootclasspath/a:/rt/filter.jar",
                "-jar", "/rt/payara-micro.jar");
        assertNotEquals(rebuilt, StartupCache.key(clusterFlags, List.of(war)), "other JVM flags");
    }

    @Test
    void aJdkBefore25OrFlagsThatAlreadyChooseACacheGetNoFlag() {
        StartupCache.Plan old = cache.plan(jvm, 21, List.of(war), "port-8080");
        assertEquals(List.of(), old.jvmFlags());
        assertTrue(old.note().contains("JDK 25"), old.note());
        List<String> own = List.of("/jdk/bin/java", "-XX:AOTCache=/mine.aot", "-jar", "/rt/payara-micro.jar");
        assertEquals(List.of(), cache.plan(own, 25, List.of(war), "port-8080").jvmFlags());
    }

    @Test
    void partsLeftByKilledRecordingsGoAndAtMostKeptCachesStay() throws Exception {
        Path cacheDir = Files.createDirectories(dir.resolve("cache"));
        Path abandoned = Files.writeString(cacheDir.resolve("server-00.aot.port-1.part"), "x");
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
        Path fresh = Files.writeString(cacheDir.resolve("server-01.aot.port-2.part"), "a node recording now");
        for (int i = 0; i < StartupCache.KEPT + 3; i++) {
            Path old = Files.writeString(cacheDir.resolve(String.format("server-%04x.aot", 0xa000 + i)), "old");
            Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(10 + i, ChronoUnit.DAYS)));
        }
        StartupCache.Plan plan = plan();
        assertFalse(Files.exists(abandoned), "an abandoned part is deleted");
        assertTrue(Files.exists(fresh), "a part another node may still be writing stays");
        jvmWrites(plan);
        StartupCache.keep(plan, log);
        try (var files = Files.list(cacheDir)) {
            List<String> caches = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".aot")).sorted().toList();
            assertEquals(StartupCache.KEPT, caches.size(), caches.toString());
            assertTrue(caches.contains(plan.cache().getFileName().toString()));
            assertTrue(caches.contains("server-a000.aot") && !caches.contains(String.format("server-%04x.aot", 0xa000 + StartupCache.KEPT + 2)),
                    "the newest stay: " + caches);
        }
    }
}
