package org.gdmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The C/OpenMP peer (benchmarks/c/reference_study.c) runs the reference study's algorithm on gdmc's noise: built with
 * the system gcc as benchmarks/side-by-side builds it, its estimates equal `gdmc bench`'s to rounding (1e-9 relative;
 * they differ in the order of the sums and the last bits of exp, log, sin and cos), so its speed is a fair anchor.
 */
class CPeerTest {
    @Test
    void theCPeerEstimatesWhatGdmcEstimates(@TempDir Path dir) throws Exception {
        Path source = Path.of("..", "benchmarks", "c", "reference_study.c");
        assertTrue(Files.isRegularFile(source), source + " is in the repository");
        Path binary = dir.resolve("reference_study");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-O3", "-march=native", "-fopenmp", "-fno-math-errno", "-o",
                    binary.toString(), source.toString(), "-lm").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("gcc.txt").toFile()).start();
        } catch (java.io.IOException e) {
            System.out.println("CPeerTest: SKIPPED: no gcc here (" + e.getMessage() + ")");
            Assumptions.abort("no gcc");
            return;
        }
        assertTrue(gcc.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, gcc.exitValue(), Files.readString(dir.resolve("gcc.txt")));
        Process peer = new ProcessBuilder(binary.toString(), "--particles", "20000", "--threads", "2")
                .redirectOutput(dir.resolve("c.json").toFile()).redirectError(dir.resolve("c.err").toFile()).start();
        assertTrue(peer.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, peer.exitValue(), Files.readString(dir.resolve("c.err")));
        JsonNode c = new ObjectMapper().readTree(dir.resolve("c.json").toFile());
        Gdmc.Outcome o = Gdmc.run("bench", "--warm-up", "1", "--backend", "cpu", "--json", "--particles", "20000",
                "--repeats", "1",
                "--threads", "1");
        assertEquals(0, o.code(), o.err());
        JsonNode g = new ObjectMapper().readTree(o.out());
        assertEquals(g.get("steps").asInt(), c.get("steps").asInt());
        for (String name : List.of("posterior.mean", "mean[0]", "mean[1]", "reciprocalPosterior.mean")) {
            double a = g.at("/estimates/" + name + "/value").asDouble();
            double b = c.at("/estimates/" + name + "/value").asDouble();
            assertEquals(a, b, 1e-9 * Math.max(1.0, Math.abs(a)), name + ": gdmc " + a + ", C " + b);
        }
    }
}
