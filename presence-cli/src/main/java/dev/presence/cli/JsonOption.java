package dev.presence.cli;

import picocli.CommandLine.Option;

/** {@code --json}: machine output instead of tables. */
final class JsonOption {
    @Option(names = "--json", description = "Print JSON instead of a table")
    boolean json;
}
