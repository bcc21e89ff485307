package org.gdmc.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.gdmc.fields.InputFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run per output stem: a second claim, from this process or another, is refused at once naming the holder; the
 * claim ends with the run (the lock file removed) or with the process (the system releases the lock, even on a kill).
 */
class OutputLockTest {
    @Test
    void aSecondClaimInTheSameProcessIsRefusedNamingTheHolder(@TempDir Path dir) throws Exception {
        Path stem = dir.resolve("r");
        try (OutputLock first = OutputLock.claim(stem)) {
            assertTrue(Files.exists(OutputLock.lockFile(stem)));
            InputFileException e = assertThrows(InputFileException.class, () -> OutputLock.claim(stem));
            assertTrue(e.getMessage().contains("in use by another gdmc run")
                    && e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
            try (OutputLock other = OutputLock.claim(dir.resolve("other"))) {
                assertTrue(Files.exists(OutputLock.lockFile(dir.resolve("other"))), "another stem is free");
            }
        }
        assertFalse(Files.exists(OutputLock.lockFile(stem)), "closing removes the lock file");
        try (OutputLock again = OutputLock.claim(stem)) {
            assertTrue(Files.exists(OutputLock.lockFile(stem)));
        }
    }

    @Test
    void anotherProcessHoldsTheStemUntilItEndsOrIsKilled(@TempDir Path dir) throws Exception {
        Path stem = dir.resolve("r");
        Process holder = holder(stem);
        try {
            InputFileException e = assertThrows(InputFileException.class, () -> OutputLock.claim(stem));
            assertTrue(e.getMessage().contains("pid " + holder.pid()), e.getMessage());
        } finally {
            holder.getOutputStream().close();
            assertTrue(holder.waitFor(60, TimeUnit.SECONDS));
        }
        assertEquals(0, holder.exitValue());
        assertFalse(Files.exists(OutputLock.lockFile(stem)), "the holder removed its lock file");

        Process killed = holder(stem);
        killed.destroyForcibly();
        assertTrue(killed.waitFor(60, TimeUnit.SECONDS));
        assertTrue(Files.exists(OutputLock.lockFile(stem)), "a killed holder leaves its file");
        try (OutputLock after = OutputLock.claim(stem)) {
            assertTrue(Files.readString(OutputLock.lockFile(stem)).contains("pid " + ProcessHandle.current().pid()),
                    "the system released the killed holder's lock");
        }
        assertFalse(Files.exists(OutputLock.lockFile(stem)));
    }

    /** Starts {@link LockHolder} on the stem and waits until it holds it. */
    private static Process holder(Path stem) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), stem.toString())).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("held", out.readLine(), "the holder claimed the stem");
        return p;
    }
}
