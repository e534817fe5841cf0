package dev.presence.cli;

/** The CLI's exit codes, the same for every command. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int UNREACHABLE = 3;

    private ExitCode() {
    }
}
