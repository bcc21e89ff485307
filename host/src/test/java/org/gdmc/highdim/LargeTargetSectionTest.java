package org.gdmc.highdim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import org.gdmc.config.HighDimStudyConfig;
import org.gdmc.fields.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated and file targets: their laws, their seeds, and every fault named by its field. */
class LargeTargetSectionTest {
    @TempDir
    Path dir;

    static ObjectNode tree(String yaml) {
        try {
            return (ObjectNode) new YAMLMapper().readTree(yaml);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static LargeMixture target(String targetYaml, Path base) {
        return config(targetYaml, base).spec().target();
    }

    static HighDimStudyConfig config(String targetYaml, Path base) {
        return HighDimStudyConfig.parse(tree("target:\n" + targetYaml.indent(2) + "particles: 1000\n"), Map.of(),
                base);
    }

    static ConfigException fault(String yaml, Path base, long maxBytes) {
        return assertThrows(ConfigException.class, () -> HighDimStudyConfig.parse(tree(yaml), Map.of(), base,
                maxBytes));
    }

    @Test
    void meanLawsHaveTheirNorms() {
        int d = 50;
        LargeMixture sphere = target("type: random-mixture\ndimension: 50\ncomponents: 40\nmeans: {law: sphere, "
                + "norm: 3.0}", null);
        for (int k = 0; k < 40; k++) {
            assertEquals(9.0, sphere.meanNorm2(k), 1e-12);
        }
        LargeMixture cube = target("type: random-mixture\ndimension: 50\ncomponents: 40\nmeans: {law: hypercube, "
                + "normPerSqrtD: 0.5}", null);
        for (int i = 0; i < 40 * d; i++) {
            assertEquals(0.5, Math.abs(cube.means()[i]), 1e-15);
        }
        LargeMixture simplex = target("type: random-mixture\ndimension: 50\ncomponents: 40\nmeans: {law: simplex, "
                + "norm: 2.0}", null);
        for (int k = 0; k < 40; k++) {
            assertEquals(2.0, simplex.means()[k * d + simplex.sourceIndex(k)], 0.0);
            assertEquals(4.0, simplex.meanNorm2(k), 0.0);
        }
        LargeMixture pairs = target("type: random-mixture\ndimension: 50\ncomponents: 40\nclasses: 40\n"
                + "means: {law: antipodal, norm: 2.0}", null);
        for (int k = 0; k < 40; k += 2) {
            for (int j = 0; j < d; j++) {
                assertEquals(-pairs.means()[k * d + j], pairs.means()[(k + 1) * d + j], 0.0);
            }
        }
        // gaussian: E‖μ‖² = norm²; ‖μ‖²/(norm²/d) is chi-square with d degrees of freedom (variance 2d)
        LargeMixture g = target("type: random-mixture\ndimension: 50\ncomponents: 4000\nmeans: {law: gaussian, "
                + "norm: 3.0}", null);
        double mean = 0.0;
        for (int k = 0; k < 4000; k++) {
            mean += g.meanNorm2(k) / 4000;
        }
        double se = 9.0 * Math.sqrt(2.0 / d) / Math.sqrt(4000);
        assertEquals(9.0, mean, 5 * se);
    }

    @Test
    void dirichletWeightsComeFromGammaVariatesOfTheRightMoments() {
        for (double a : new double[] {0.3, 2.5}) {
            int n = 40_000;
            double m1 = 0.0;
            double m2 = 0.0;
            for (int i = 0; i < n; i++) {
                double x = Math.exp(LargeTargetSection.logGamma(a, 9L, i));
                m1 += x / n;
                m2 += x * x / n;
            }
            assertEquals(a, m1, 5 * Math.sqrt(a / n), "mean of Gamma(" + a + ")");
            double ex2 = a * (a + 1);
            double varX2 = a * (a + 1) * (a + 2) * (a + 3) - ex2 * ex2;
            assertEquals(ex2, m2, 5 * Math.sqrt(varX2 / n), "second moment of Gamma(" + a + ")");
        }
        LargeMixture m = target("type: random-mixture\ndimension: 4\ncomponents: 1000\nweights: {dirichlet: 0.5}",
                null);
        double total = 0.0;
        for (int k = 0; k < 1000; k++) {
            total += Math.exp(m.logWeight(k));
        }
        assertEquals(1.0, total, 1e-12);
    }

    @Test
    void lowRankDirectionsAreOrthonormalAndTheSeedNamesTheTarget() {
        String yaml = "type: random-mixture\ndimension: 64\ncomponents: 5\ncovariance: {form: low-rank, rank: 3, "
                + "factorVariance: 2.0}";
        LargeMixture m = target(yaml, null);
        for (int k = 0; k < 5; k++) {
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    double dot = LargeMixture.dot(m.factors(), (k * 3 + a) * 64, m.factors(), (k * 3 + b) * 64, 64);
                    assertEquals(a == b ? 1.0 : 0.0, dot, 1e-13);
                }
            }
        }
        assertArrayEquals(m.means(), target(yaml, null).means(), 0.0);
        LargeMixture other = target(yaml + "\nseed: 2", null);
        assertTrue(other.means()[0] != m.means()[0]);
    }

    @Test
    void filesAreReadWithTheirHashes() throws Exception {
        double[] means = {1, 2, 3, -1, -2, -3, 0.5, 0.5, 0.5, 4, 5, 6};
        Files.write(dir.resolve("means.npy"), org.gdmc.study.NumpyArrays.float64(means, 4, 3));
        Files.writeString(dir.resolve("weights.csv"), "1\n2\n3\n4\n");
        Files.writeString(dir.resolve("classes.csv"), "1\n0\n1\n0\n");
        HighDimStudyConfig c = config("type: mixture-file\nmeans: means.npy\nweights: weights.csv\n"
                + "classes: classes.csv", dir);
        LargeMixture m = c.spec().target();
        assertEquals(3, m.dimension());
        assertEquals(4, m.components());
        assertEquals(2, m.classes());
        // sorted by class, stably: rows 1, 3 (class 0), then 0, 2
        assertArrayEquals(new double[] {-1, -2, -3}, java.util.Arrays.copyOfRange(m.means(), 0, 3), 0.0);
        assertEquals(Math.log(2.0 / 10.0), m.logWeight(0), 1e-15);
        assertEquals(3, m.sourceIndex(1));
        String hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(dir.resolve("means.npy"))));
        assertEquals(hash, c.resolved().path("target").path("meansSha256").asText());
        Files.writeString(dir.resolve("means.csv"), "1,2,3\n-1,-2,-3\n0.5,0.5,0.5\n4,5,6\n");
        assertArrayEquals(m.means(), target("type: mixture-file\nmeans: means.csv\nweights: weights.csv\n"
                + "classes: classes.csv", dir).means(), 0.0);
    }

    @Test
    void everyFaultNamesItsField() throws IOException {
        String head = "target: {type: random-mixture, ";
        long big = Long.MAX_VALUE;
        assertEquals("target.components", fault(head + "dimension: 4096, components: 100000}", null, big).field());
        assertTrue(fault(head + "dimension: 4096, components: 100000}", null, big).getMessage()
                .contains("409,600,000 parameters"));
        assertEquals("target.covariance.rank", fault(head + "dimension: 8, components: 2, covariance: {form: "
                + "low-rank, rank: 17}}", null, big).field());
        assertEquals("target.weights.dirichlet", fault(head + "dimension: 8, components: 2, weights: {dirichlet: "
                + "0}}", null, big).field());
        assertEquals("target.dimension", fault(head + "dimension: 5000, components: 2}", null, big).field());
        assertEquals("target.components", fault(head + "dimension: 1000, components: 1000}", null, 1_000_000)
                .field());
        assertEquals("target.means.law", fault(head + "dimension: 8, components: 20, means: {law: simplex}}", null,
                big).field());
        assertEquals("class", fault(head + "dimension: 8, components: 2, classes: 2}\nclass: 2", null, big).field());
        assertEquals("sampler.method", fault(head + "dimension: 8, components: 2}\nsampler: {method: "
                + "probability-flow-heun}", null, big).field());
        assertEquals("scoreError", fault(head + "dimension: 8, components: 2}\nscoreError: {type: bias}", null, big)
                .field());
        assertEquals("guidance.type", fault(head + "dimension: 8, components: 2}\nguidance: {type: autoguidance, "
                + "w: 1, weak: {type: smoothed, epsilon: 0.2}}", null, big).field());
        Files.write(dir.resolve("m.npy"), org.gdmc.study.NumpyArrays.float64(new double[] {1, Double.NaN, 3, 4}, 2,
                2));
        ConfigException nan = fault("target: {type: mixture-file, means: m.npy}", dir, big);
        assertEquals("target.means", nan.field());
        assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
        Files.write(dir.resolve("ok.npy"), org.gdmc.study.NumpyArrays.float64(new double[] {1, 2, 3, 4}, 2, 2));
        Files.writeString(dir.resolve("w.csv"), "1\n2\n3\n");
        ConfigException shape = fault("target: {type: mixture-file, means: ok.npy, weights: w.csv}", dir, big);
        assertEquals("target.weights", shape.field());
        assertTrue(shape.getMessage().contains("K = 2"), shape.getMessage());
        Files.writeString(dir.resolve("w2.csv"), "1\n-2\n");
        assertEquals("target.weights[1]", fault("target: {type: mixture-file, means: ok.npy, weights: w2.csv}", dir,
                big).field());
        assertEquals("target.means", fault("target: {type: mixture-file, means: none.npy}", dir, big).field());
    }
}
