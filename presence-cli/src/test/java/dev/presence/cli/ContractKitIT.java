package dev.presence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The independent contract kit ({@code ../shared/contract-kit}, Node.js) against {@code presence serve}
 * started with a configured public key and short timeouts, as its README says. Skipped, with the reason,
 * where the kit or Node.js is not present.
 */
class ContractKitIT {

    private static final Path KIT = Path.of(System.getProperty("presence.home", "..")).resolve("../shared/contract-kit").normalize();

    /** The kit's own report (Node's spec reporter), kept for a reviewer. */
    private static final Path REPORT = Path.of("target", "contract-kit-report.txt").toAbsolutePath();

    @TempDir
    Path work;

    @Test
    void theContractKitPassesAgainstServe() throws Exception {
        assumeTrue(Files.isExecutable(KIT.resolve("run.sh")), "contract kit not found at " + KIT);
        assumeTrue(new ProcessBuilder("node", "--version").start().waitFor() == 0, "node is not installed");
        Path keys = work.resolve("keys");
        assertEquals(0, new ProcessBuilder(KIT.resolve("keys.sh").toString(), keys.toString()).start().waitFor());
        Serve serve = Serve.start(Serve.freePort(), work.resolve("data"), Map.of(
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.resolve("public.pem").toUri().toString(),
                "MP_JWT_VERIFY_ISSUER", "contract-kit",
                "PRESENCE_AUTH_TIMEOUT_MS", "1500",
                "PRESENCE_SESSION_TIMEOUT_MS", "3000",
                "PRESENCE_TYPING_TIMEOUT_MS", "1500",
                // 2 s: the kit checks that invisible is announced without the grace only with a grace of 2 s or more
                "PRESENCE_OFFLINE_GRACE_MS", "2000"));
        try {
            ProcessBuilder kit = new ProcessBuilder(KIT.resolve("run.sh").toString())
                    .redirectErrorStream(true).redirectOutput(REPORT.toFile());
            kit.environment().putAll(Map.of(
                    "BASE_URL", "http://127.0.0.1:" + serve.port(),
                    "KEY_DIR", keys.toString(),
                    "ISSUER", "contract-kit",
                    "ACCEPT_WORK_DIR", work.resolve("kit").toString(),
                    "ACCEPT_AUTH_TIMEOUT_MS", "1500",
                    "ACCEPT_SESSION_TIMEOUT_MS", "3000",
                    "ACCEPT_TYPING_TIMEOUT_MS", "1500",
                    "ACCEPT_OFFLINE_GRACE_MS", "2000"));
            kit.environment().put("KIT_V2", "1"); // PROTOCOL.md §5: invisible, idle, missed messages
            Process run = kit.start();
            assertEquals(true, run.waitFor(10, TimeUnit.MINUTES), "the contract kit did not finish");
            assertEquals(0, run.exitValue(), "the contract kit failed; its report is " + REPORT + ":\n" + Files.readString(REPORT));
        } finally {
            serve.stop();
        }
    }
}
