package dev.presence.cli;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Whether a running JVM started from an ahead-of-time cache, as its own {@code jcmd VM.info} says. */
final class StartupCacheUse {

    private StartupCacheUse() {
    }

    /** The JVM's memory map (in VM.info) has the cache file under {@code dir} mapped into it. */
    static boolean mapped(long pid, Path dir) throws Exception {
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.info").redirectErrorStream(true).start();
        String info = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        return info.lines().anyMatch(l -> l.matches("^[0-9a-f]+-[0-9a-f]+ .*") && l.endsWith(".aot") && l.contains(dir.toString()));
    }
}
