package dev.presence.status.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server stops itself once the serve that started it is gone. */
class ParentWatchTest {

    @Test
    void theWatchFiresOnceTheParentIsGoneAndNotBefore() throws Exception {
        Process parent = new ProcessBuilder("sleep", "60").start();
        CountDownLatch gone = new CountDownLatch(1);
        Thread watch = new Thread(new ParentWatch(parent.toHandle(), Duration.ofMillis(20), gone::countDown));
        watch.start();
        assertFalse(gone.await(300, TimeUnit.MILLISECONDS), "the parent still runs");
        parent.destroyForcibly();
        assertTrue(gone.await(5, TimeUnit.SECONDS), "the parent was killed");
        watch.join(1_000);
        assertFalse(watch.isAlive());
    }

    @Test
    void theSettingNamesTheParentOrNothing() {
        assertNull(ParentWatch.parent(null), "off when not set");
        assertNull(ParentWatch.parent(" "), "off when blank");
        assertEquals(ProcessHandle.current(), ParentWatch.parent(" " + ProcessHandle.current().pid()).orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> ParentWatch.parent("serve"));
    }

    /** A killed serve stays a zombie until its parent reaps it, which can take seconds: that is gone already. */
    @Test
    void aZombieIsGone() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self")), "no /proc here");
        // the shell prints its child's pid, then becomes a sleep that never reaps it
        Process parentOfZombie = new ProcessBuilder("bash", "-c", "sleep 0.2 & echo $!; exec sleep 30").start();
        try {
            long pid = Long.parseLong(new java.io.BufferedReader(new java.io.InputStreamReader(parentOfZombie.getInputStream())).readLine().trim());
            ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (ParentWatch.alive(child) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(ParentWatch.alive(child), "the child has ended");
            assertTrue(child.isAlive(), "the JDK still counts the zombie as alive, which is why the watch looks at its state");
        } finally {
            parentOfZombie.destroyForcibly();
        }
    }
}
