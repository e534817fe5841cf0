package dev.presence.cli.simulate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server process as a benchmark sees it from outside: its live heap after a full collection, through the
 * {@code jcmd} of the JDK running this command ({@code GC.run}, then {@code GC.heap_info}), and whether it is
 * still there. RSS is no measure of a leak with a fixed heap: it grows as the collector touches the heap.
 */
final class ServerProbe {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    private final long pid;

    ServerProbe(long pid) {
        this.pid = pid;
    }

    boolean alive() {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** CPU time the process has used so far (user and system), or {@link java.time.Duration#ZERO} without a pid. */
    java.time.Duration cpu() {
        return pid <= 0 ? java.time.Duration.ZERO : ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration())
                .orElse(java.time.Duration.ZERO);
    }

    /** Bytes of heap in use right after a full collection, or -1 without a pid or a jcmd. */
    long liveHeapAfterFullGc() {
        if (!alive() || jcmd("GC.run") == null) {
            return -1;
        }
        String info = jcmd("GC.heap_info");
        Matcher m = info == null ? null : USED.matcher(info);
        return m != null && m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    }

    private String jcmd(String command) {
        Path jcmd = ProcessHandle.current().info().command().map(java -> Path.of(java).resolveSibling("jcmd")).orElse(null);
        if (jcmd == null || !Files.isExecutable(jcmd)) {
            return null;
        }
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
