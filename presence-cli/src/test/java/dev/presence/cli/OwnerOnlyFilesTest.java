package dev.presence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys, the store, logs and records are owner-only from their creation, and written whole. */
class OwnerOnlyFilesTest {

    @TempDir
    Path dir;

    @BeforeEach
    void posix() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "not a POSIX file system");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void filesAndDirectoriesAreOwnerOnlyFromTheStart() throws Exception {
        Path data = OwnerOnlyFiles.directory(dir.resolve("a/b"));
        assertEquals("rwx------", mode(data));
        assertEquals("rwx------", mode(dir.resolve("a")), "missing parents too");
        assertEquals("rw-------", mode(OwnerOnlyFiles.file(data.resolve("server.log"))));
        Path old = Files.writeString(data.resolve("store.mv"), "x");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals("rw-------", mode(OwnerOnlyFiles.file(old)), "a file of an earlier version is made owner-only");
        assertEquals("x", Files.readString(old), "and kept");
        Path shared = Files.createDirectory(dir.resolve("shared"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        OwnerOnlyFiles.directory(shared);
        assertTrue(OwnerOnlyFiles.openToOthers(shared), "a data dir the user made is left as it is (the banner says so)");
        assertEquals("rwx------", mode(OwnerOnlyFiles.ownDirectory(shared)), "a directory serve owns is made owner-only");
    }

    @Test
    void aFileIsReplacedWholeAndOwnerOnly() throws Exception {
        Path key = dir.resolve("private.pem");
        OwnerOnlyFiles.write(key, "first");
        assertEquals("rw-------", mode(key));
        OwnerOnlyFiles.write(key, "second");
        assertEquals("second", Files.readString(key));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(key), files.toList(), "no temporary file is left");
        }
    }

    @Test
    void anEmptiedDirectoryLosesWhatAKilledRunLeft() throws Exception {
        Path tmp = dir.resolve("tmp");
        Files.createDirectories(tmp.resolve("payaramicro-rt1/config"));
        Files.writeString(tmp.resolve("payaramicro-rt1/config/domain.xml"), "<domain/>");
        OwnerOnlyFiles.emptyDirectory(tmp);
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(), files.toList());
        }
        assertEquals("rwx------", mode(tmp));
    }

    @Test
    void aDamagedOrMismatchedKeyPairIsMadeAgain() throws Exception {
        DevKeys keys = DevKeys.in(dir).createIfMissing();
        assertTrue(keys.usable());
        assertEquals("rw-------", mode(keys.privateKey()));
        assertEquals("rwx------", mode(keys.privateKey().getParent()));
        String first = Files.readString(keys.privateKey());
        assertEquals(first, Files.readString(DevKeys.in(dir).createIfMissing().privateKey()), "a good pair is kept");
        Files.writeString(keys.privateKey(), first.substring(0, first.length() / 2)); // a write cut short
        assertFalse(keys.usable());
        DevKeys again = DevKeys.in(dir).createIfMissing();
        assertTrue(again.usable(), "a new pair");
        Path otherDir = dir.resolve("other");
        Files.copy(DevKeys.in(otherDir).createIfMissing().publicKey(), keys.publicKey(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertFalse(keys.usable(), "halves of two pairs");
        assertTrue(DevKeys.in(dir).createIfMissing().usable());
    }
}
