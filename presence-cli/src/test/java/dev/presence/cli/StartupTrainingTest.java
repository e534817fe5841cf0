package dev.presence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The throwaway server that trains the start-up cache runs on its own keys, store and settings: nothing of the
 * application's configuration in serve's environment (a production key, a webhook URL, a database) reaches it.
 */
class StartupTrainingTest {

    @TempDir
    Path dir;

    @Test
    void theApplicationsSettingsAreTheOnesLeftOut() {
        for (String name : List.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "mp.jwt.verify.issuer", "PRESENCE_WEBHOOK_URL",
                "presence.webhook.secret", "JNOSQL_MONGODB_URL", "jnosql.mongodb.url")) {
            assertTrue(StartupTraining.isApplicationSetting(name), name);
        }
        for (String name : List.of("PATH", "HOME", "JAVA_HOME", "LANG", "TZ")) {
            assertFalse(StartupTraining.isApplicationSetting(name), name);
        }
    }

    @Test
    void theThrowawayServerInheritsNoneOfThemAndGetsItsOwn() throws Exception {
        DevKeys keys = DevKeys.in(dir);
        Map<String, String> own = StartupTraining.environment(dir, "mongodb://127.0.0.1:1");
        // serve's own environment, as the stand-in server inherits it: this JVM's, whatever it holds
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = List.of(java, "-cp", System.getProperty("java.class.path"), PrintEnvironment.class.getName());
        Path log = dir.resolve("server.log");
        ServerProcess server = ServerProcess.start(command, own, log, dir.resolve("tmp"),
                name -> name.equals("PATH") || StartupTraining.isApplicationSetting(name));
        assertEquals(0, server.waitFor());
        List<String> lines = Files.readAllLines(log);

        assertFalse(lines.stream().anyMatch(l -> l.startsWith("PATH=")), "an inherited variable the filter names is gone: " + lines);
        assertTrue(lines.contains("MP_JWT_VERIFY_PUBLICKEY_LOCATION=" + keys.publicKey().toUri()), lines.toString());
        assertTrue(lines.contains("MP_JWT_VERIFY_ISSUER=" + DevKeys.ISSUER), lines.toString());
        assertTrue(lines.contains("JNOSQL_MONGODB_URL=mongodb://127.0.0.1:1"), lines.toString());
        assertTrue(lines.contains("PRESENCE_DEV_LOGIN=true"), lines.toString());
        List<String> application = lines.stream().map(l -> l.substring(0, l.indexOf('=')))
                .filter(StartupTraining::isApplicationSetting).sorted().toList();
        List<String> expected = new java.util.ArrayList<>(own.keySet());
        expected.add("PRESENCE_PARENT_PID"); // every server watches its serve
        assertEquals(expected.stream().sorted().toList(), application, "no application setting but its own");
    }
}
