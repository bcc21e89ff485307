package org.gdmc.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Result files are written whole, in place of the previous ones, with the permissions any new file gets here. */
class ResultFilesTest {
    @Test
    void resultsGetThePermissionsTheUmaskGivesAndNoTemporaryStays(@TempDir Path dir) throws Exception {
        assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null, "a POSIX file system");
        Path fresh = Files.createFile(dir.resolve("fresh"));
        Path written = ResultFiles.atomicWrite(dir.resolve("r.json"), "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(Files.getPosixFilePermissions(fresh), Files.getPosixFilePermissions(written),
                "a result has the permissions of any new file (not createTempFile's 0600)");
        ResultFiles.atomicWrite(written, "{\"a\": 1}".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("{\"a\": 1}".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(written));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".partial")), "no temporary left");
        }
    }
}
