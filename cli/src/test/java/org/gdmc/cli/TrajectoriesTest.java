package org.gdmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --paths}: the result records the first particles' paths, whose last node is the final state the study's
 * backend draws for the same particles (read back from {@code --save-samples}' .npy files, a different route: the
 * backend's batch simulation, not the recording kernel), and draws them as PREFIX.trajectories, which {@code gdmc plot}
 * redraws from the JSON alone; {@code --paths 0} records none, and a count out of range is refused in one line.
 */
class TrajectoriesTest {
    private static String[] run(Path prefix, String... more) {
        return Gdmc.args(new String[] {"run", "--particles", "4096", "--steps", "20", "--threads", "1", "--quiet",
            "--set", "sampler.method=ddim", "--out", prefix.toString()}, more);
    }

    @Test
    void theRecordedPathsEndAtTheStudysFinalStates(@TempDir Path dir) throws Exception {
        Path prefix = dir.resolve("r");
        Gdmc.Outcome o = Gdmc.run(run(prefix, "--paths", "64", "--save-samples", "64"));
        assertEquals(0, o.code(), o.err());
        JsonNode result = Gdmc.json(prefix);
        JsonNode paths = result.path("paths");
        assertEquals(64, paths.path("particles").asInt());
        assertEquals(21, paths.path("t").size(), "20 steps: every node kept");
        assertEquals(result.path("results").size(), paths.path("rows").size());
        JsonNode u = paths.path("direction");
        int d = u.size();
        int last = paths.path("t").size() - 1;
        int checked = 0;
        for (int g = 0; g < paths.path("rows").size(); g++) {
            JsonNode row = paths.path("rows").get(g);
            assertEquals(result.path("results").get(g).path("guidance").asText(), row.path("guidance").asText());
            JsonNode file = result.path("samples").path("files").get(g);
            SaveSamplesTest.Npy states = SaveSamplesTest.read(dir.resolve(file.path("states").asText()));
            for (int p = 0; p < 64; p++) {
                double s = 0.0;
                for (int j = 0; j < d; j++) {
                    s += u.get(j).asDouble() * states.data()[p * d + j];
                }
                double recorded = row.path("position").get(p).get(last).asDouble();
                // written to 4 significant digits
                assertEquals(s, recorded, 5e-4 * Math.abs(s) + 1e-12, "guidance " + g + ", path " + p);
                double start = row.path("posterior").get(p).get(0).asDouble();
                assertTrue(start > 0 && start < 1, "a posterior: " + start);
                checked++;
            }
        }
        assertEquals(64 * paths.path("rows").size(), checked);
        Path png = dir.resolve("r.trajectories.png");
        var image = ImageIO.read(png.toFile());
        long colours = java.util.stream.IntStream.range(0, image.getWidth() * image.getHeight())
                .map(k -> image.getRGB(k % image.getWidth(), k / image.getWidth())).distinct().count();
        assertTrue(colours > 50, "the figure is drawn: " + colours + " colours");
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(dir.resolve("r.trajectories.svg").toFile());
        int panels = Math.min(5, paths.path("rows").size());
        assertEquals(2 * panels, doc.getElementsByTagName("image").getLength(), "two panels per guidance value");
        assertTrue(Files.readString(dir.resolve("r.html")).contains("trajectories"), "in the report");

        Path again = dir.resolve("again");
        Gdmc.Outcome plot = Gdmc.run("plot", prefix + ".json", "--out", again.toString());
        assertEquals(0, plot.code(), plot.err());
        assertTrue(Files.exists(dir.resolve("again.trajectories.png")), "redrawn from the JSON");
    }

    @Test
    void noneWhenAskedForNoneAndOutOfRangeIsRefused(@TempDir Path dir) throws Exception {
        Path prefix = dir.resolve("r");
        Gdmc.Outcome o = Gdmc.run(run(prefix, "--paths", "0", "--no-plots"));
        assertEquals(0, o.code(), o.err());
        assertTrue(Gdmc.json(prefix).path("paths").isMissingNode());
        assertFalse(Files.exists(dir.resolve("r.trajectories.png")));
        String line = Gdmc.refusal(Gdmc.run(run(dir.resolve("x"), "--paths", "2001")), "--paths 2001");
        assertTrue(line.contains("--paths") && line.contains("2001"), line);
        assertFalse(Files.exists(dir.resolve("x.json")), "no file");
    }
}
