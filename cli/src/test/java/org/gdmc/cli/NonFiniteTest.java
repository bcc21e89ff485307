package org.gdmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finite but extreme study (T = 10^6 reached in 20 steps, so particles end near 1e36 while every one stays finite)
 * yields estimates that are not finite: each is counted and explained in the result file and the summary, none
 * silently.
 */
class NonFiniteTest {
    @Test
    void everyNonFiniteEstimateIsCountedAndExplained(@TempDir Path dir) throws Exception {
        Path prefix = dir.resolve("extreme");
        var o = Gdmc.run("run", "--set", "sampler.T=1e6", "--steps", "20", "--w", "0,4", "--particles", "20000",
                "--threads", "1", "--quiet", "--no-plots", "--out", prefix.toString());
        assertEquals(0, o.code(), o.err());
        JsonNode r = Gdmc.json(prefix);
        int count = Gdmc.checkNonFiniteExplained(r, "T=1e6 in 20 steps");
        assertTrue(count >= 4, "the reciprocal posterior's mean and median and the entropy, at least: " + count);
        JsonNode w4 = r.path("results").get(1).path("estimates");
        assertEquals(0, w4.at("/nonFinite.count/value").asInt(), "every particle is finite");
        String mean = w4.at("/reciprocalPosterior.mean/note").asText();
        assertTrue(mean.contains("underflows to 0") && mean.contains("every particle itself is finite"), mean);
        assertTrue(w4.at("/density.entropy/note").asText().startsWith("no particle entered"),
                w4.at("/density.entropy").toString());
        assertTrue(o.out().contains(count + " estimates are not finite"), o.out());
        assertTrue(o.out().contains("reciprocalPosterior.mean") && o.out().contains("underflows to 0"), o.out());
    }

    @Test
    void anOrdinaryStudyHasNone(@TempDir Path dir) throws Exception {
        Path prefix = dir.resolve("plain");
        var o = Gdmc.run("run", "--steps", "20", "--particles", "20000", "--threads", "1", "--quiet", "--no-plots",
                "--out", prefix.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals(0, Gdmc.checkNonFiniteExplained(Gdmc.json(prefix), "default study"));
        assertTrue(!o.out().contains("not finite"), o.out());
    }

    /**
     * A component narrower than the density grid's cells: its tilted-law reference is integrated exactly (cells cut
     * around it); one narrower than a double resolves gets a reference "not computed", with the reason, decided
     * before sampling, and the run completes.
     */
    @Test
    void narrowComponentsGetExactReferencesOrANote(@TempDir Path dir) throws Exception {
        for (String variance : new String[] {"1e-10", "1e-40"}) {
            Path study = dir.resolve("narrow-" + variance + ".yaml");
            java.nio.file.Files.writeString(study, """
                    name: narrow
                    target:
                      type: mixture
                      components:
                      - {class: 0, weight: 0.5, mean: [1.0], variance: %s}
                      - {class: 1, weight: 0.5, mean: [-1.0], variance: 1.0}
                    class: 0
                    guidance: {type: classifier-free, w: [0]}
                    particles: 4000
                    sampler: {steps: 10}
                    """.formatted(variance));
            Path prefix = dir.resolve("r-" + variance);
            var o = Gdmc.run("run", study.toString(), "--quiet", "--no-plots", "--threads", "1", "--out",
                    prefix.toString());
            assertEquals(0, o.code(), o.err());
            JsonNode r = Gdmc.json(prefix);
            Gdmc.checkNonFiniteExplained(r, variance);
            JsonNode e = r.path("results").get(0).path("estimates");
            if (variance.equals("1e-10")) {
                assertEquals(e.at("/density.classLawEntropy/value").asDouble(),
                        e.at("/density.tiltedLawEntropy/value").asDouble(), 1e-9, "w = 0: the class law");
            } else {
                assertTrue(e.at("/density.tiltedLawEntropy/note").asText().startsWith("not computed: the tilted law "
                        + "at w=0.0 is narrower than the reference quadrature resolves"), e.toString());
            }
        }
    }

    /**
     * A 2-D component thin across a diagonal (eigenvalues 2 and 1e-6): no axis-aligned cut resolves it, so its class
     * and tilted references are "not computed" with the reason (they used to be integrated wrongly, or to fail), its
     * closed-form entropy is still given, and the run completes.
     */
    @Test
    void aThinRotatedComponentsReferencesAreNotedNotWrong(@TempDir Path dir) throws Exception {
        Path study = dir.resolve("thin.yaml");
        java.nio.file.Files.writeString(study, """
                name: thin
                target:
                  type: mixture
                  components:
                  - {class: 0, weight: 0.5, mean: [1.0, 0.0], covariance: [[1.0, 0.999999], [0.999999, 1.0]]}
                  - {class: 1, weight: 0.5, mean: [-1.0, 0.0], covariance: [[1.0, 0.0], [0.0, 1.0]]}
                class: 0
                guidance: {type: classifier-free, w: [0, 2]}
                particles: 4000
                sampler: {steps: 10}
                """);
        Path prefix = dir.resolve("thin");
        var o = Gdmc.run("run", study.toString(), "--quiet", "--no-plots", "--threads", "1", "--out",
                prefix.toString());
        assertEquals(0, o.code(), o.err());
        JsonNode r = Gdmc.json(prefix);
        Gdmc.checkNonFiniteExplained(r, "thin");
        JsonNode e = r.path("results").get(0).path("estimates");
        double closedForm = 0.5 * Math.log(Math.pow(2 * Math.PI * Math.E, 2) * (1 - 0.999999 * 0.999999));
        assertEquals(closedForm, e.at("/density.classLawEntropy/value").asDouble(), 1e-9);
        assertTrue(e.at("/density.tvClassLaw/note").asText().startsWith("not computed: the class law is narrower"),
                e.at("/density.tvClassLaw").toString());
    }
}
