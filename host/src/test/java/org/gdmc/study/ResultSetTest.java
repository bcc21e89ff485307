package org.gdmc.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A result set is all or nothing: a kill before any of its file-system operations leaves, once the next gdmc command
 * has recovered the prefix, exactly the previous files or exactly the new ones; a failed write leaves the previous
 * files and names the path.
 */
class ResultSetTest {
    private static final Map<String, String> OLD = Map.of("r.json", "old json", "r.csv", "old csv",
            "r.posterior.png", "old png");
    private static final Map<String, String> NEW = Map.of("r.json", "new json", "r.csv", "new csv",
            "r.posterior.png", "new png", "r.entropy.png", "new entropy png");

    @AfterEach
    void noCrash() {
        ResultSet.crashBefore(0);
    }

    /** Writes the new set, as a run does, unless the simulated crash stops it first. */
    private static void writeNew(Path prefix) throws IOException {
        ResultSet set = ResultSet.begin(prefix);
        for (String name : new TreeMap<>(NEW).keySet()) {
            set.add(prefix.resolveSibling(name), NEW.get(name));
        }
        set.commit();
    }

    private static void put(Path dir, Map<String, String> files) throws IOException {
        for (var e : files.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue());
        }
    }

    /** Every file in the directory (hidden ones included) by name, with its content. */
    private static Map<String, String> contents(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                m.put(f.getFileName().toString(), Files.isDirectory(f) ? "<directory>" : Files.readString(f));
            }
        }
        return m;
    }

    @Test
    void aKillBeforeAnyOperationLeavesTheOldSetOrTheWholeNewOne(@TempDir Path root) throws Exception {
        Path scratch = Files.createDirectory(root.resolve("count"));
        put(scratch, OLD);
        ResultSet.crashBefore(0);
        writeNew(scratch.resolve("r"));
        assertEquals(new TreeMap<>(NEW), contents(scratch), "an uninterrupted write");
        int olds = 0;
        int news = 0;
        for (int k = 1; ; k++) {
            Path dir = Files.createDirectory(root.resolve("kill-" + k));
            put(dir, OLD);
            ResultSet.crashBefore(k);
            boolean killed = false;
            try {
                writeNew(dir.resolve("r"));
            } catch (ResultSet.SimulatedCrash e) {
                killed = true;
            }
            ResultSet.crashBefore(0);
            ResultSet.recover(dir.resolve("r"));
            Map<String, String> after = contents(dir);
            boolean old = after.equals(new TreeMap<>(OLD));
            assertTrue(old || after.equals(new TreeMap<>(NEW)), "killed before operation " + k + ": " + after);
            olds += old ? 1 : 0;
            news += old ? 0 : 1;
            if (!killed) {
                assertFalse(old);
                break;
            }
        }
        assertTrue(olds >= 5 && news >= 5, "kills fell on both sides of the commit point: " + olds + " old, "
                + news + " new");
    }

    @Test
    void aFailedWriteLeavesTheOldSetAndNamesThePath(@TempDir Path dir) throws Exception {
        put(dir, OLD);
        Files.createDirectory(dir.resolve("r.entropy.png"));
        Path prefix = dir.resolve("r");
        ResultSet.WriteFailure f;
        try (ResultSet set = ResultSet.begin(prefix)) {
            set.add(dir.resolve("r.json"), "new json");
            f = assertThrows(ResultSet.WriteFailure.class, () -> set.add(dir.resolve("r.entropy.png"), "png"));
        }
        assertEquals(dir.resolve("r.entropy.png"), f.file());
        assertTrue(f.getMessage().contains(dir.resolve("r.entropy.png").toString()), f.getMessage());
        Map<String, String> expected = new TreeMap<>(OLD);
        expected.put("r.entropy.png", "<directory>");
        assertEquals(expected, contents(dir), "the old set, untouched, and no staging directory");
    }

    @Test
    void filesGetThePermissionsTheUmaskGives(@TempDir Path dir) throws Exception {
        assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null, "a POSIX file system");
        Path fresh = Files.createFile(dir.resolve("fresh"));
        writeNew(dir.resolve("r"));
        for (String name : NEW.keySet()) {
            assertEquals(Files.getPosixFilePermissions(fresh), Files.getPosixFilePermissions(dir.resolve(name)),
                    name);
        }
    }

    @Test
    void onlyTheResultsOwnFilesJoinItsSet(@TempDir Path dir) throws Exception {
        try (ResultSet set = ResultSet.begin(dir.resolve("r"))) {
            assertThrows(IllegalArgumentException.class, () -> set.add(dir.resolve("other.json"), "x"));
            assertThrows(IllegalArgumentException.class, () -> set.add(dir.resolve("sub").resolve("r.json"), "x"));
        }
        assertEquals(Map.of(), contents(dir));
    }
}
