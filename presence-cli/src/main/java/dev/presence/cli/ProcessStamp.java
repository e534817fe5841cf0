package dev.presence.cli;

import java.util.Optional;

/**
 * A process as a record file names it: its pid and start time, so that a file left by a killed serve is not
 * taken for a live one when the pid has been reused.
 */
record ProcessStamp(long pid, long startMillis) {

    static ProcessStamp current() {
        ProcessHandle self = ProcessHandle.current();
        return new ProcessStamp(self.pid(), self.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L));
    }

    /** Whether that process still runs (the same one: same start time where the system tells it). */
    boolean alive() {
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return false;
        }
        long started = p.get().info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
        return startMillis == 0 || started == 0 || started == startMillis;
    }

    @Override
    public String toString() {
        return pid + " " + startMillis;
    }

    /** Parses {@link #toString()}; empty for anything else (a damaged file names no process). */
    static Optional<ProcessStamp> parse(String text) {
        String[] parts = text.trim().split("\\s+");
        try {
            return parts.length == 2 ? Optional.of(new ProcessStamp(Long.parseLong(parts[0]), Long.parseLong(parts[1]))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
