package org.gdmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `gdmc run` on masked-diffusion study files: results, figures, provenance, tables from files and bad input. */
class MaskedRunTest {
    private static final Path HYPERCUBE = Path.of("..", "experiments", "masked-hypercube.yaml");

    @Test
    void writesResultsFiguresAndProvenance(@TempDir Path dir) throws Exception {
        Path prefix = dir.resolve("cube");
        var o = Gdmc.run("run", HYPERCUBE.toString(), "--quick", "--out", prefix.toString(), "--quiet");
        assertEquals(0, o.code(), o.err());
        JsonNode json = new ObjectMapper().readTree(Path.of(prefix + ".json").toFile());
        assertEquals(20_000, json.at("/config/particles").asLong());
        assertTrue(json.at("/provenance/rngLayout").asText().contains("tau-leaping: event = step"));
        assertEquals(6, json.at("/results").size(), "2 samplers x 3 weights");
        assertEquals("tau-leaping(50): w=2.0", json.at("/results/5/guidance").asText());
        JsonNode w0 = json.at("/results/0/estimates");
        for (int k = 0; k <= 5; k++) {
            assertEquals(1.0 / 243, w0.at("/exact.group[" + k + "].meanProbability/value").asDouble(), 1e-15);
        }
        for (String stem : new String[] {"dynamics", "dynamics-tau-leaping-50", "double-exponential", "law", "mass",
                "groups", "entropy"}) {
            Path png = Path.of(prefix + "." + stem + ".png");
            assertTrue(Files.size(png) > 10_000, png.toString());
            var image = javax.imageio.ImageIO.read(png.toFile());
            assertEquals(1200, image.getWidth());
            assertEquals(600, image.getHeight());
            assertTrue(Files.size(Path.of(prefix + "." + stem + ".svg")) > 10_000, stem);
        }
        assertTrue(Files.readString(Path.of(prefix + ".csv")).contains("exact: w=1.0,1.0,1.0,law.tvToExact,"));
    }

    @Test
    void readsClassTablesFromFilesBesideTheStudy(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.csv"), "x0,mass\n0,1\n1,1\n2,2\n");
        Files.writeString(dir.resolve("b.csv"), "# the other class\n2,1\n3,1\n");
        Path study = dir.resolve("tables.yaml");
        Files.writeString(study, """
                name: tables
                target:
                  type: masked
                  vocabulary: 4
                  classes:
                    - {weight: 0.5, table: a.csv}
                    - {weight: 0.5, table: b.csv}
                guidance: {w: [0, 3]}
                particles: 4096
                """);
        var o = Gdmc.run("run", study.toString(), "--out", dir.resolve("t").toString(), "--quiet", "--no-plots");
        assertEquals(0, o.code(), o.err());
        JsonNode json = new ObjectMapper().readTree(dir.resolve("t.json").toFile());
        // the digest of the file's bytes, computed here with the JDK's MessageDigest
        byte[] a = Files.readAllBytes(dir.resolve("a.csv"));
        assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(a)),
                json.at("/config/target/classes/0/tableSha256").asText());
        assertEquals(64, json.at("/config/target/classes/1/tableSha256").asText().length());
        // 1-D: the output is the tilted law, so its exact TV to it is 0; the shared value 2 is suppressed.
        JsonNode w3 = json.at("/results/1/estimates");
        assertEquals(0.0, w3.at("/exact.law.tvToTilted/value").asDouble(), 1e-15);
        double shared = w3.at("/exact.mass.shared/value").asDouble();
        // p(2) = 1/2·1/2 + 1/2·1/2 = 1/2, p_c(2) = 1/2; p(0) = p(1) = 1/8, p_c = 1/4: weights 1/4·2^3 each vs 1/2.
        assertEquals(0.5 / (0.5 + 2 * 0.25 * 8), shared, 1e-12);
    }

    @Test
    void badInputExitsTwoNamingTheFieldAndWritesNothing(@TempDir Path dir) {
        String[][] cases = {
                {"--set", "guidance.w=[0,-2]", "guidance.w[1]"},
                {"--set", "sampler.times=[0.5,0.33]", "sampler.times[1]"},
                {"--set", "estimators.groupBy=7", "estimators.groupBy"},
                {"--set", "target.classes[0].tokens=[0,9]", "target.classes[0].tokens[1]"},
                {"--set", "guidance.rates=normalised", "guidance.rates"},
                {"--shard", "0/2", "--shard"},
                {"--batch-size", "100", "--batch-size"}};
        for (String[] c : cases) {
            Path prefix = dir.resolve("bad");
            var o = Gdmc.run("run", HYPERCUBE.toString(), c[0], c[1], "--out", prefix.toString(), "--quiet");
            assertEquals(2, o.code(), String.join(" ", c) + ": " + o.err());
            assertTrue(o.err().contains(c[2]), c[2] + " not named in: " + o.err());
            assertFalse(Files.exists(Path.of(prefix + ".json")), String.join(" ", c));
        }
    }
}
