package dev.presence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Passwords in connection strings never reach the screen: the banner, errors, the log tail of a failed start. */
class RedactionTest {

    @TempDir
    Path dir;

    @Test
    void thePasswordOfAConnectionStringIsHidden() {
        assertEquals("mongodb://app:***@db1:27017,db2:27017/presence?replicaSet=rs0",
                Redaction.secrets("mongodb://app:s3cret@db1:27017,db2:27017/presence?replicaSet=rs0"));
        assertEquals("the database at mongodb+srv://app:***@cluster.example.net/ is not reachable",
                Redaction.secrets("the database at mongodb+srv://app:p%40ss@cluster.example.net/ is not reachable"));
        String careless = Redaction.secrets("mongodb://app:pa/ss@w0rd@db:27017");
        assertFalse(careless.contains("pa/ss") || careless.contains("w0rd"), careless);
        assertFalse(Redaction.secrets("mongodb://db:27017/?authMechanism=MONGODB-AWS&authMechanismProperties=AWS_SESSION_TOKEN:abc")
                .contains("abc"));
        assertEquals("mongodb://127.0.0.1:37027", Redaction.secrets("mongodb://127.0.0.1:37027"), "nothing to hide");
        assertEquals("mongodb://app@db:27017", Redaction.secrets("mongodb://app@db:27017"), "a user without a password");
    }

    @Test
    void errorsOfEveryCommandAreRedacted() {
        Cli r = Cli.run("db", "stats", "--mongodb-uri", "mongodb://app:s3cret@127.0.0.1:1/?serverSelectionTimeoutMS=200",
                "--data-dir", dir.toString());
        assertEquals(ExitCode.UNREACHABLE, r.exit(), r.err());
        assertTrue(r.err().contains("mongodb://app:***@127.0.0.1:1"), r.err());
        assertFalse(r.err().contains("s3cret"), r.err());
    }

    @Test
    void serveRefusingADatabaseWithoutDevDoesNotPrintItsPassword() {
        Path data = dir.resolve("data");
        Cli r = Cli.run("serve", "--mongodb-uri", "mongodb://app:s3cret@127.0.0.1:1", "--data-dir", data.toString());
        assertEquals(ExitCode.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("mongodb://app:***@127.0.0.1:1") || r.err().contains("--dev"), r.err());
        assertFalse((r.out() + r.err()).contains("s3cret"), r.err());
        assertFalse(Files.exists(data));
    }
}
