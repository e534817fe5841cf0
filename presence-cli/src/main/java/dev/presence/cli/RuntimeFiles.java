package dev.presence.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files {@code serve} runs a server from: Payara Micro, the application and the data grid's serialization filter in
 * {@code runtime/} beside the CLI's own jar, and the java running the CLI. (Named so as not to shadow
 * {@link java.lang.Runtime}.)
 */
record RuntimeFiles(Path payaraMicro, Path war, Path java, Path gridFilter) {

    static RuntimeFiles locate() {
        Path home;
        try {
            home = Path.of(RuntimeFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where the CLI is installed", e);
        }
        Path runtime = home.resolve("runtime");
        RuntimeFiles r = new RuntimeFiles(runtime.resolve("payara-micro.jar"), runtime.resolve("presence.war"),
                Path.of(ProcessHandle.current().info().command().orElse("java")), runtime.resolve("presence-cli-grid-filter.jar"));
        if (!Files.isRegularFile(r.payaraMicro()) || !Files.isRegularFile(r.war()) || !Files.isRegularFile(r.gridFilter())) {
            throw new IllegalStateException("Payara Micro or the application is missing under " + runtime
                    + ": build with ./mvnw package -DskipTests");
        }
        return r;
    }
}
