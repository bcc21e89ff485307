package org.gdmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gdmc run --richardson}: both runs' files, every estimate's pair, and one-line refusals. */
class RichardsonRunTest {
    @Test
    void aRichardsonRunWritesTheHalfStepRunAndThePairs(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("r");
        Gdmc.Outcome o = Gdmc.run("run", "--richardson", "--particles", "20000", "--steps", "40", "--threads", "1",
                "--set", "estimators.knnSamples=0", "--no-plots", "--quiet", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("Richardson in the steps: 40 and 20 steps"), o.out());
        JsonNode fine = Gdmc.json(out);
        JsonNode half = Gdmc.json(dir.resolve("r.half-steps"));
        assertEquals(20, half.path("config").path("sampler").path("steps").asInt());
        JsonNode f = fine.path("results").get(1).path("estimates");
        JsonNode h = half.path("results").get(1).path("estimates");
        double en = f.path("posterior.mean").path("value").asDouble();
        double eh = h.path("posterior.mean").path("value").asDouble();
        assertEquals(2 * en - eh, f.path("posterior.mean.richardson").path("value").asDouble(), 1e-15);
        assertEquals(eh - en, f.path("posterior.mean.discretisationError").path("value").asDouble(), 1e-15);
        assertTrue(Files.exists(dir.resolve("r.csv")) && Files.exists(dir.resolve("r.half-steps.csv")));
    }

    @Test
    void whatItDoesNotCombineWithIsRefused(@TempDir Path dir) throws Exception {
        String out = dir.resolve("r").toString();
        for (String[] c : new String[][] {
            {"--steps", "41", "sampler.steps"},
            {"--shard", "0/2", "--shard"},
            {"--resume", "--resume"},
            {"--sweep", "sampler.steps=20,40", "--sweep"}}) {
            String[] args = c.length == 3
                    ? new String[] {"run", "--richardson", "--particles", "2048", c[0], c[1], "--out", out}
                    : new String[] {"run", "--richardson", "--particles", "2048", c[0], "--out", out};
            String line = Gdmc.refusal(Gdmc.run(args), String.join(" ", args));
            assertTrue(line.contains(c[c.length - 1]), line);
        }
        assertTrue(Gdmc.files(dir).isEmpty(), Gdmc.files(dir).toString());
    }
}
