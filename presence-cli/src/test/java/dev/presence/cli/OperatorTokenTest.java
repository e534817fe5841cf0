package dev.presence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.presence.auth.control.InvalidTokenException;
import dev.presence.auth.control.PublicKeys;
import dev.presence.auth.control.TokenVerifier;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI mints an operator token by itself only for a loopback URL whose port a live serve of the data dir
 * recorded, with that data dir's key; a grant from {@code presence token --grant} is no login token.
 */
class OperatorTokenTest {

    @TempDir
    Path data;

    private TokenVerifier verifier() throws Exception {
        return new TokenVerifier(PublicKeys.readPublicKey(DevKeys.in(data).publicKey().toString()), DevKeys.ISSUER, Clock.systemUTC());
    }

    @Test
    void onlyForTheServeOfThisDataDirOnLoopback() throws Exception {
        DevKeys.in(data).createIfMissing();
        new ServeRecord(ProcessStamp.current(), "127.0.0.1", 18080, true, DevKeys.ISSUER).write(data);

        OperatorToken local = OperatorToken.forService("http://127.0.0.1:18080", data);
        assertTrue(verifier().verify(local.token().orElseThrow()).isAdmin(), "an operator token from the data dir's key");
        assertTrue(local.why().contains(DevKeys.in(data).privateKey().toString()), "a refusal would say which key made it");
        assertTrue(OperatorToken.forService("http://localhost:18080/", data).token().isPresent());

        OperatorToken remote = OperatorToken.forService("http://192.0.2.10:18080", data);
        assertEquals(Optional.empty(), remote.token(), "never sent to another host");
        assertTrue(remote.why().contains("--token"), remote.why());

        OperatorToken otherPort = OperatorToken.forService("http://127.0.0.1:18081", data);
        assertEquals(Optional.empty(), otherPort.token(), "another service than the one recorded");
        assertTrue(otherPort.why().contains("no presence serve of the data dir"), otherPort.why());
    }

    @Test
    void notFromARecordOfADeadServeNorForAConfiguredKey() throws Exception {
        DevKeys.in(data).createIfMissing();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        new ServeRecord(new ProcessStamp(gone.pid(), 1), "127.0.0.1", 18080, true, DevKeys.ISSUER).write(data);
        assertEquals(Optional.empty(), OperatorToken.forService("http://127.0.0.1:18080", data).token(), "a killed serve's record");
        ServeRecord.deleteDead(data);
        assertEquals(false, java.nio.file.Files.exists(ServeRecord.file(data, 18080)), "a serve starting on the data dir deletes it");
        new ServeRecord(ProcessStamp.current(), "127.0.0.1", 18080, false, "https://auth").write(data);
        assertEquals(Optional.empty(), OperatorToken.forService("http://127.0.0.1:18080", data).token(), "the serve verifies a configured key");
        ServeRecord.deleteDead(data);
        assertEquals(true, java.nio.file.Files.exists(ServeRecord.file(data, 18080)), "a live serve's record stays");
    }

    @Test
    void presenceTokenMintsGrantsThatAreNoLoginTokens() throws Exception {
        DevKeys.in(data).createIfMissing();
        Cli grant = Cli.run("token", "alice", "--grant", "room-1", "--data-dir", data.toString());
        assertEquals(0, grant.exit(), grant.err());
        TokenVerifier v = verifier();
        assertEquals("room-1", v.verifyGrant(grant.out().trim()).string("chatSessionId"));
        org.junit.jupiter.api.Assertions.assertThrows(InvalidTokenException.class, () -> v.verify(grant.out().trim()));
        assertEquals(ExitCode.USAGE, Cli.run("token", "alice", "--grant", "not valid", "--data-dir", data.toString()).exit());
    }
}
