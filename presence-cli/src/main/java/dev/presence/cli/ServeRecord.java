package dev.presence.cli;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a running {@code presence serve} tells the other commands, in {@code DATA_DIR/serve-PORT.json}: its
 * process, the port and address it serves, and whether it runs on the data dir's development key. The CLI
 * mints an operator token from that key only for the service recorded there (see {@link OperatorToken}).
 * Written when the service is ready, deleted when serve stops; one left by a killed serve names a dead
 * process and is ignored.
 */
record ServeRecord(ProcessStamp process, String host, int port, boolean developmentKeys, String issuer) {

    static Path file(Path dataDir, int port) {
        return dataDir.resolve("serve-" + port + ".json");
    }

    void write(Path dataDir) throws IOException {
        OwnerOnlyFiles.write(file(dataDir, port), Json.createObjectBuilder()
                .add("pid", process.pid()).add("started", process.startMillis())
                .add("host", host).add("port", port).add("keys", developmentKeys ? "development" : "configured").add("issuer", issuer)
                .build().toString() + "\n");
    }

    static void delete(Path dataDir, int port) {
        try {
            Files.deleteIfExists(file(dataDir, port));
        } catch (IOException e) {
            // a record of a dead process is ignored
        }
    }

    /** Deletes the records of serves that are gone (killed: they had no chance to delete their own). */
    static void deleteDead(Path dataDir) {
        try (java.util.stream.Stream<Path> files = Files.list(dataDir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.matches("serve-\\d+\\.json") && live(dataDir, Integer.parseInt(name.replaceAll("\\D", ""))).isEmpty()) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // a record of a dead process is ignored anyway
        }
    }

    /** The live serve recorded for {@code port} in {@code dataDir}, if there is one. */
    static Optional<ServeRecord> live(Path dataDir, int port) {
        try {
            JsonObject o = Json.createReader(new StringReader(Files.readString(file(dataDir, port)))).readObject();
            ServeRecord r = new ServeRecord(new ProcessStamp(o.getJsonNumber("pid").longValue(), o.getJsonNumber("started").longValue()),
                    o.getString("host"), o.getInt("port"), "development".equals(o.getString("keys")), o.getString("issuer"));
            return r.port() == port && r.process().alive() ? Optional.of(r) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // none, or damaged: no service to trust it for
        }
    }
}
