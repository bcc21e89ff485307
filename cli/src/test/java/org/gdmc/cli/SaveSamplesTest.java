package org.gdmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.gdmc.backend.SimulationSpec;
import org.gdmc.config.StudyConfig;
import org.gdmc.kernel.PathKernel;
import org.gdmc.kernel.PathProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --save-samples}: the .npy files round-trip through a small reader written here from NumPy's format note (not
 * gdmc's writer), hold the states and data-law logits that {@link PathKernel} computes for those particles directly,
 * follow a shard's range, carry SMC's weights, and are listed in the result JSON.
 */
class SaveSamplesTest {
    /** A .npy file: its element type, shape and float64 elements. */
    record Npy(String descr, long[] shape, double[] data) {
    }

    /** Reads a version 1.0 .npy of little-endian float64 in C order, checking the magic and the header's alignment. */
    static Npy read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals((byte) 0x93, b.get(), "magic");
        byte[] magic = new byte[5];
        b.get(magic);
        assertEquals("NUMPY", new String(magic, StandardCharsets.US_ASCII));
        assertEquals(1, b.get(), "major version");
        assertEquals(0, b.get(), "minor version");
        int headerLength = Short.toUnsignedInt(b.getShort());
        byte[] header = new byte[headerLength];
        b.get(header);
        String dict = new String(header, StandardCharsets.US_ASCII);
        assertEquals(0, (10 + headerLength) % 64, "data aligned to 64 bytes");
        assertTrue(dict.endsWith("\n") && dict.contains("'fortran_order': False"), dict);
        Matcher descr = Pattern.compile("'descr': '([^']*)'").matcher(dict);
        Matcher shape = Pattern.compile("'shape': \\(([^)]*)\\)").matcher(dict);
        assertTrue(descr.find() && shape.find(), dict);
        long[] dims = Pattern.compile(",\\s*").splitAsStream(shape.group(1).trim()).filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        long size = 1;
        for (long s : dims) {
            size *= s;
        }
        assertEquals(size * 8, b.remaining(), "elements after the header");
        double[] data = new double[(int) size];
        for (int i = 0; i < data.length; i++) {
            data[i] = b.getDouble();
        }
        return new Npy(descr.group(1), dims, data);
    }

    private static String[] run(Path prefix, String... more) {
        return Gdmc.args(new String[] {"run", "--particles", "4096", "--steps", "10", "--threads", "1", "--no-plots",
            "--quiet", "--out", prefix.toString()}, more);
    }

    @Test
    void samplesAreTheStudysParticlesAndRoundTrip(@TempDir Path dir) throws Exception {
        Path prefix = dir.resolve("r");
        Gdmc.Outcome o = Gdmc.run(run(prefix, "--save-samples", "100"));
        assertEquals(0, o.code(), o.err());
        JsonNode listing = Gdmc.json(prefix).path("samples");
        assertEquals(0, listing.path("first").asLong());
        assertEquals(100, listing.path("count").asInt());
        StudyConfig config = StudyConfig.defaultStudy(Map.of("particles", "4096", "sampler.steps", "10"));
        SimulationSpec sim = config.toStudySpec().simulation();
        PathProgram p = sim.program();
        int d = sim.target().dimension();
        assertEquals(sim.guidances().size(), listing.path("files").size());
        double[] state = new double[d];
        double[] obs = new double[PathKernel.OBS_LENGTH];
        double[] work = new double[PathKernel.workLength(d)];
        long[] words = new long[PathKernel.wordsLength()];
        for (int g = 0; g < sim.guidances().size(); g++) {
            JsonNode f = listing.path("files").get(g);
            assertEquals(sim.guidances().get(g).describe(), f.path("guidance").asText());
            Npy states = read(dir.resolve(f.path("states").asText()));
            Npy logits = read(dir.resolve(f.path("dataLogits").asText()));
            assertEquals("<f8", states.descr());
            assertEquals(List.of(100L, (long) d), List.of(states.shape()[0], states.shape()[1]));
            assertEquals(1, logits.shape().length);
            assertEquals(100, logits.shape()[0]);
            assertTrue(f.path("weights").isMissingNode(), "no weights outside SMC");
            for (int i = 0; i < 100; i++) {
                PathKernel.simulate(p.codes(), p.tables(), p.params(), p.meta(), g, sim.seed(), i, state, 0, obs, 0,
                        work, 0, words, 0);
                for (int j = 0; j < d; j++) {
                    assertEquals(state[j], states.data()[i * d + j], 1e-12 * Math.max(1, Math.abs(state[j])),
                            "particle " + i + ", coordinate " + j + ", guidance " + g);
                }
                assertEquals(obs[PathKernel.OBS_DATA_LOGIT], logits.data()[i],
                        1e-10 * Math.max(1, Math.abs(obs[PathKernel.OBS_DATA_LOGIT])), "logit of particle " + i);
            }
        }
    }

    @Test
    void aShardSavesItsOwnFirstParticles(@TempDir Path dir) throws Exception {
        Path prefix = dir.resolve("r");
        Gdmc.Outcome o = Gdmc.run(run(prefix, "--save-samples", "5", "--shard", "1/2"));
        assertEquals(0, o.code(), o.err());
        Npy states = read(dir.resolve("r.shard-1-of-2.samples-0.npy"));
        assertEquals(5, states.shape()[0]);
        Path whole = dir.resolve("whole");
        assertEquals(0, Gdmc.run(run(whole, "--save-samples", "2100")).code());
        Npy all = read(dir.resolve("whole.samples-0.npy"));
        int d = (int) states.shape()[1];
        // shard 1 of 2 of 4096 particles starts at particle 2048
        for (int k = 0; k < 5 * d; k++) {
            assertEquals(all.data()[2048 * d + k], states.data()[k], 0.0, "element " + k);
        }
    }

    @Test
    void smcSamplesCarryTheirWeightsInWholeIslands(@TempDir Path dir) throws Exception {
        Path prefix = dir.resolve("r");
        Gdmc.Outcome o = Gdmc.run(run(prefix, "--save-samples", "10", "--set", "sampler.smc={island: 1024}"));
        assertEquals(0, o.code(), o.err());
        JsonNode f = Gdmc.json(prefix).path("samples").path("files").get(0);
        Npy weights = read(dir.resolve(f.path("weights").asText()));
        assertEquals(1024, weights.shape()[0], "rounded up to a whole island");
        double mean = 0.0;
        for (double w : weights.data()) {
            assertTrue(w >= 0);
            mean += w / weights.data().length;
        }
        assertEquals(1.0, mean, 1e-12, "weights of mean 1 over the island");
        assertEquals(1024, read(dir.resolve(f.path("states").asText())).shape()[0]);
    }

    /**
     * A large-mixture study keeps the first N particles of every row, the exact class law's first: with every particle
     * kept, the two-class accuracy is the share of positive logits and the mean posterior the mean of σ(logit), as the
     * estimates say; the files do not depend on the thread count, and a smaller N is the prefix of a larger one.
     */
    @Test
    void largeMixtureSamplesAreEachRowsParticles(@TempDir Path dir) throws Exception {
        Path study = Gdmc.largeStudy(dir);
        String[] base = {"run", study.toString(), "--no-plots", "--quiet"};
        Path all = dir.resolve("all");
        Gdmc.Outcome o = Gdmc.run(Gdmc.args(base, "--out", all.toString(), "--save-samples", "2048", "--threads",
                "2"));
        assertEquals(0, o.code(), o.err());
        JsonNode json = Gdmc.json(all);
        JsonNode listing = json.path("samples");
        assertEquals(2048, listing.path("count").asInt());
        assertEquals(3, listing.path("files").size(), "the exact row and two guidance values");
        assertEquals("exact class law", listing.path("files").get(0).path("guidance").asText());
        assertTrue(listing.path("files").get(0).path("w").isNull());
        Path few = dir.resolve("few");
        assertEquals(0, Gdmc.run(Gdmc.args(base, "--out", few.toString(), "--save-samples", "100", "--threads", "1"))
                .code());
        for (int k = 0; k < 3; k++) {
            JsonNode f = listing.path("files").get(k);
            JsonNode row = json.path("results").get(k);
            assertEquals(row.path("guidance").asText(), f.path("guidance").asText());
            Npy states = read(dir.resolve(f.path("states").asText()));
            Npy logits = read(dir.resolve(f.path("dataLogits").asText()));
            assertEquals(List.of(2048L, 16L), List.of(states.shape()[0], states.shape()[1]));
            double positive = 0.0;
            double posterior = 0.0;
            for (double l : logits.data()) {
                positive += l > 0 ? 1 : 0;
                posterior += 1.0 / (1.0 + Math.exp(-l));
            }
            assertEquals(estimate(row, "hd.accuracy"), positive / 2048, 1e-12, "row " + k + ": accuracy");
            assertEquals(estimate(row, "hd.posterior"), posterior / 2048, 1e-12, "row " + k + ": posterior");
            Npy prefix = read(dir.resolve("few.samples-" + k + ".npy"));
            assertEquals(100, prefix.shape()[0]);
            for (int i = 0; i < 100 * 16; i++) {
                assertEquals(states.data()[i], prefix.data()[i], 0.0, "row " + k + ", element " + i);
            }
        }
    }

    private static double estimate(JsonNode row, String name) {
        JsonNode value = row.path("estimates").path(name).path("value");
        assertTrue(value.isNumber(), name + " in " + row.path("guidance").asText());
        return value.asDouble();
    }

    @Test
    void badCountsAreRefusedByName(@TempDir Path dir) throws Exception {
        String line = Gdmc.refusal(Gdmc.run(run(dir.resolve("r"), "--save-samples", "-1")), "negative");
        assertTrue(line.contains("--save-samples") && line.contains("-1"), line);
        line = Gdmc.refusal(Gdmc.run(run(dir.resolve("r"), "--save-samples", "20000000")), "too many");
        assertTrue(line.contains("--save-samples") && line.contains("20000000"), line);
        try (var files = Files.list(dir)) {
            assertTrue(files.findAny().isEmpty(), "no file");
        }
    }
}
