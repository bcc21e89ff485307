package org.gdmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory is bounded by the batch, not by N: a study of 2·10^7 particles (three guidance values, so 6·10^7 paths)
 * runs to the end in a JVM whose heap of 128 MiB could not hold even one double per path (480 MB); the heap must
 * hold only the batch and the fixed reference tables (the 256² tilted-law quadrature is the largest). One step keeps it
 * quick; the memory a run needs does not depend on the number of steps.
 */
class BoundedMemoryTest {
    private static final long PARTICLES = 20_000_000L;

    @Test
    void aStudyFarLargerThanTheHeapRunsToTheEnd(@TempDir Path dir) throws Exception {
        Path prefix = dir.resolve("large");
        // as bin/gdmc launches it: with the Vector API, so the CPU backend's fast path and its work spaces are measured
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", "--particles", Long.toString(PARTICLES), "--steps", "1", "--set",
                "estimators.knnSamples=0", "--out", prefix.toString(), "--quiet", "--no-plots");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile())
                .start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "finished");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("log")));
        JsonNode r = new ObjectMapper().readTree(Path.of(prefix + ".json").toFile());
        for (JsonNode row : r.get("results")) {
            assertEquals(PARTICLES, row.at("/estimates/posterior.mean/count").asLong(), row.toString());
        }
    }
}
