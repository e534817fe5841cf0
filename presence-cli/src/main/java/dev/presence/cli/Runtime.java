package dev.presence.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the CLI finds Payara Micro, the application and the data grid's serialization filter: {@code runtime/}
 * beside its own jar.
 */
record Runtime(Path payaraMicro, Path war, Path java, Path gridFilter) {

    static Runtime locate() {
        Path home;
        try {
            home = Path.of(Runtime.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where the CLI is installed", e);
        }
        Path runtime = home.resolve("runtime");
        Runtime r = new Runtime(runtime.resolve("payara-micro.jar"), runtime.resolve("presence.war"),
                Path.of(ProcessHandle.current().info().command().orElse("java")), runtime.resolve("presence-cli-grid-filter.jar"));
        if (!Files.isRegularFile(r.payaraMicro()) || !Files.isRegularFile(r.war()) || !Files.isRegularFile(r.gridFilter())) {
            throw new IllegalStateException("Payara Micro or the application is missing under " + runtime
                    + ": build with ./mvnw package -DskipTests");
        }
        return r;
    }
}
