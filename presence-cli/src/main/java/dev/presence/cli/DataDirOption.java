package dev.presence.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data-dir}: where {@code presence serve} keeps its store address and development keys. */
public final class DataDirOption {
    @Option(names = "--data-dir", defaultValue = "./data", description = "The data dir of presence serve: its embedded store, development keys and record (default ${DEFAULT-VALUE})")
    Path dataDir;

    public Path dataDir() {
        return dataDir;
    }
}
