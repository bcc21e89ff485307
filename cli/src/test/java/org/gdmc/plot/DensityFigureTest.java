package org.gdmc.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.gdmc.backend.CpuBackend;
import org.gdmc.config.StudyConfig;
import org.gdmc.study.ProgressListener;
import org.gdmc.study.ResultFiles;
import org.gdmc.study.ResultSet;
import org.gdmc.study.StudyResult;
import org.gdmc.study.StudyRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The density picture of a 2-D study: the result JSON carries each guidance value's histogram in one window (every
 * particle counted, on it or off it), the reference laws' masses on the same cells (uniform inside a box target's
 * box), and PREFIX.density.png shows non-blank panels; a 1-D study has none.
 */
class DensityFigureTest {
    private static JsonNode run(Map<String, String> overrides) {
        StudyConfig config = StudyConfig.defaultStudy(overrides);
        try (CpuBackend cpu = new CpuBackend(1)) {
            StudyResult r = new StudyRunner(cpu).run(config.toStudySpec(), ProgressListener.NONE);
            return new ObjectMapper().valueToTree(ResultFiles.toJson(config.resolved(), r, 1));
        }
    }

    @Test
    void twoDimensionalStudiesCarryTheirHistogramAndDrawIt(@TempDir Path dir) throws Exception {
        JsonNode json = run(Map.of("particles", "20480", "sampler.steps", "20"));
        for (JsonNode row : json.path("results")) {
            JsonNode d = row.path("density");
            long n = d.path("outside").asLong();
            for (JsonNode c : d.path("counts")) {
                n += c.asLong();
            }
            assertEquals(20480 - (long) row.at("/estimates/nonFinite.fraction/value").asDouble() * 20480, n,
                    "every finite particle counted once");
            int cells = d.path("cells").get(0).asInt() * d.path("cells").get(1).asInt();
            assertEquals(cells, d.path("counts").size());
            assertTrue(d.path("cells").get(0).asInt() <= 128 && d.path("cells").get(1).asInt() <= 128);
            double mass = 0.0;
            for (JsonNode v : d.path("classLaw")) {
                mass += v.asDouble();
            }
            assertEquals(1.0, mass, 1e-3, "the window holds the class law");
            assertEquals(row.path("density").path("lo"), json.path("results").get(0).path("density").path("lo"),
                    "one window for every guidance value");
        }
        Path prefix = dir.resolve("r");
        try (ResultSet set = ResultSet.begin(prefix)) {
            assertEquals(2, DensityFigure.draw(json, prefix, set).size());
            set.commit();
        }
        BufferedImage png = ImageIO.read(dir.resolve("r.density.png").toFile());
        assertTrue(png.getWidth() > 500 && png.getHeight() > 400);
        // the first panel (output at the first w) is not one colour
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 80; y < 260; y += 3) {
            for (int x = 30; x < 220; x += 3) {
                colours.add(png.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 20, colours.size() + " colours in the first panel");
        assertTrue(Files.readString(dir.resolve("r.density.svg")).startsWith("<svg"));
    }

    @Test
    void aBoxTargetsTiltedLawIsFlatInsideItsBox() {
        JsonNode json = run(Map.of("particles", "4096", "sampler.steps", "10", "target.components",
                "[{class: 0, weight: 0.5, box: [[1, 3], [-1, 1]]}, {class: 1, weight: 0.5, box: [[-3, -1], [-1, 1]]}]"));
        JsonNode d = json.path("results").get(1).path("density");
        JsonNode box = d.path("boxes").get(0);
        assertEquals(1.0, box.get(0).asDouble(), 0.0);
        assertEquals(1.0, box.get(3).asDouble(), 0.0);
        int nx = d.path("cells").get(0).asInt();
        double lo0 = d.path("lo").get(0).asDouble();
        double lo1 = d.path("lo").get(1).asDouble();
        double w0 = d.path("width").get(0).asDouble();
        double w1 = d.path("width").get(1).asDouble();
        double inside = Double.NaN;
        int checked = 0;
        for (int k = 0; k < d.path("tiltedLaw").size(); k++) {
            double x = lo0 + (k % nx + 0.5) * w0;
            double y = lo1 + (k / nx + 0.5) * w1;
            double m = d.path("tiltedLaw").get(k).asDouble();
            if (x > 1 + w0 && x < 3 - w0 && y > -1 + w1 && y < 1 - w1) {
                if (Double.isNaN(inside)) {
                    inside = m;
                }
                assertEquals(inside, m, 1e-6 * inside, "q_w is uniform on the box at cell " + k);
                checked++;
            } else if (x < 1 - w0 || x > 3 + w0 || y < -1 - w1 || y > 1 + w1) {
                assertEquals(0.0, m, 0.0, "nothing off the box");
            }
        }
        assertTrue(checked > 100, checked + " cells inside");
        assertEquals(w0 * w1 / 4.0, inside, 1e-6 * inside, "a cell's share of the box's area");
    }

    @Test
    void oneDimensionalStudiesHaveNoDensityMap() {
        JsonNode json = run(Map.of("particles", "2048", "sampler.steps", "10", "target.components",
                "[{class: 0, weight: 0.5, mean: [2], variance: 1}, {class: 1, weight: 0.5, mean: [-2], variance: 1}]"));
        assertFalse(json.path("results").get(0).has("density"));
        assertFalse(DensityFigure.present(json));
    }
}
