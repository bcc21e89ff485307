package org.gdmc.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.gdmc.fields.ConfigException;
import org.gdmc.config.StudyConfig;
import org.gdmc.estimate.BinnedDensity;
import org.gdmc.estimate.Estimate;
import org.gdmc.backend.CpuBackend;
import org.gdmc.reference.CellGrid;
import org.gdmc.reference.Modes;
import org.gdmc.reference.TiltedLaw;
import org.gdmc.mixture.Mixture;
import org.junit.jupiter.api.Test;

/**
 * Seed 002's strong-guidance distortion: guiding the wide class N(0, 2²) against the narrow N(0, ½²) at the same
 * centre splits the output into two modes. The tilted law splits exactly where the curvature of its log at 0,
 * 3w − 1/4, changes sign; the Monte Carlo profile matches the exact law of the dynamics bin by bin, and shows the dip.
 */
class ComponentSplitTest {
    private static final String STUDY = """
            name: split
            target:
              type: mixture
              components:
                - {class: 0, weight: 0.5, mean: [0.0], variance: 4.0}
                - {class: 1, weight: 0.5, mean: [0.0], variance: 0.25}
            class: 0
            guidance: {type: classifier-free, w: [0, 1]}
            sampler: {method: euler-maruyama, steps: 200, T: 6.0, delta: 0.001, grid: geometric}
            estimators: {exactLaw: true, profile: {range: [-7, 7], bins: 56}, knnSamples: 0}
            particles: 100000
            seed: 7
            threads: 2
            """;

    @Test
    void theTiltedLawSplitsAtOneTwelfth() {
        Mixture m = StudyConfig.parse(STUDY, Map.of()).target();
        CellGrid grid = BinnedDensity.gridOf(m);
        assertEquals(1, TiltedLaw.of(m, 0, 1.0 / 12 - 0.005, grid).modes(grid), "log q is concave at 0 below 1/12");
        assertEquals(2, TiltedLaw.of(m, 0, 1.0 / 12 + 0.005, grid).modes(grid), "and convex above");
        assertEquals(2, Modes.count(new double[] {0, 1, 2, 2, 1, 1 + 1e-9, 3, 0}), "a rise below 1e-6 is no mode");
        assertEquals(1, Modes.count(new double[] {1, 1, 1}), "a plateau is one mode");
    }

    @Test
    void theSampledProfileIsTheExactLawsAndShowsTheSplit() {
        StudyConfig config = StudyConfig.parse(STUDY, Map.of());
        StudyResult result;
        try (CpuBackend cpu = new CpuBackend(config.threads())) {
            result = new StudyRunner(cpu).run(config.toStudySpec(), (a, b, c) -> { });
        }
        for (GuidanceResult g : result.results()) {
            int bins = 0;
            for (Estimate e : g.estimates()) {
                if (e.name().startsWith("profile[x=")) {
                    Estimate exact = g.find("profile.exact" + e.name().substring(7));
                    assertTrue(Math.abs(e.value() - exact.value()) <= 5 * e.stdError() + 1e-4,
                            g.guidance() + " " + e.name() + ": " + e.value() + " ± " + e.stdError() + " vs exact "
                                    + exact.value());
                    bins++;
                }
            }
            assertEquals(56, bins);
        }
        GuidanceResult unguided = result.results().get(0);
        GuidanceResult guided = result.results().get(1);
        assertEquals(1, unguided.find("density.exactLawModes").value());
        assertEquals(2, guided.find("density.exactLawModes").value());
        assertEquals(2, guided.find("density.tiltedLawModes").value());
        Estimate centre = guided.find("profile[x=-0.125000]");
        Estimate flank = guided.find("profile[x=-1.62500]");
        assertTrue(flank.value() - centre.value() > 5 * Math.hypot(flank.stdError(), centre.stdError()),
                "the sampled density dips at 0 under w = 1: " + centre.value() + " vs " + flank.value());
    }

    @Test
    void theProfileIsOneDimensionalAndCoarserThanTheGrid() {
        ConfigException narrow = assertThrows(ConfigException.class, () -> StudyConfig.parse(STUDY,
                Map.of("estimators.profile.bins", "5000")));
        assertEquals("estimators.profile.bins", narrow.field());
        ConfigException range = assertThrows(ConfigException.class, () -> StudyConfig.parse(STUDY,
                Map.of("estimators.profile.range", "[1, -1]")));
        assertEquals("estimators.profile.range", range.field());
        ConfigException plane = assertThrows(ConfigException.class, () -> StudyConfig.parse(STUDY
                .replace("[0.0]", "[0.0, 0.0]").replace("exactLaw: true", "exactLaw: false"), Map.of()));
        assertEquals("estimators.profile", plane.field());
    }
}
