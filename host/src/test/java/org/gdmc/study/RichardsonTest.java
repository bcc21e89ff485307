package org.gdmc.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.gdmc.backend.CpuBackend;
import org.gdmc.config.StudyConfig;
import org.gdmc.estimate.Estimate;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.sampler.GridSpacing;
import org.gdmc.sampler.TimeGrid;
import org.gdmc.testing.LinearGaussianLaws;
import org.gdmc.testing.Tolerances;
import org.junit.jupiter.api.Test;

/**
 * Richardson in the steps on a chain with a closed form: class N(2, 1) of two unit Gaussians at ±2, w = 0,
 * Euler–Maruyama on 20 geometric steps. The output is exactly N(m_n, s_n²) (a recursion: y' = (A − B) y + B α μ + C z,
 * A = 1 + hβ, B = 2hβ, C = √(2βh)), so the discretisation error estimate (E_{n/2} − E_n) of the mean and variance
 * has the known expectation m_{n/2} − m_n (s² likewise), checked at 5 s.e.
 */
class RichardsonTest {
    private static final String STUDY = """
            name: richardson
            target:
              type: mixture
              components:
                - {class: 0, weight: 0.5, mean: [2.0], variance: 1.0}
                - {class: 1, weight: 0.5, mean: [-2.0], variance: 1.0}
            class: 0
            guidance: {type: classifier-free, w: [0]}
            process: {schedule: constant, beta: 1.0}
            sampler: {method: euler-maruyama, steps: 20, T: 5.0, delta: 0.001, grid: geometric}
            particles: 262144
            seed: 5
            estimators: {knnSamples: 0}
            """;

    /** {m, s²} of the n-step chain's output from N(0, 1). */
    static double[] law(int n) {
        ForwardProcess p = new ForwardProcess(new ConstantSchedule(1.0));
        return LinearGaussianLaws.eulerMaruyama(p, TimeGrid.of(GridSpacing.GEOMETRIC, 5.0, 1e-3, n), 0, 1,
                t -> new double[] {1.0, 2.0 * p.alpha(t)});
    }

    private static StudyResult run(StudyConfig c) {
        try (CpuBackend backend = new CpuBackend(2)) {
            return new StudyRunner(backend).run(c.toStudySpec(), (a, b, d) -> { });
        }
    }

    @Test
    void theErrorEstimateHasTheChainsExactDiscretisationError() {
        StudyConfig fine = StudyConfig.parse(STUDY, Map.of());
        StudyConfig coarse = Richardson.coarse(fine);
        assertEquals(10, coarse.grid().steps());
        assertEquals(Richardson.coarseSeed(5), coarse.seed());
        StudyResult f = run(fine);
        StudyResult c = run(coarse);
        var row = Richardson.combine(f, c, 1).results().get(0);
        double[] n20 = law(20);
        double[] n10 = law(10);
        Estimate mean = row.find("mean[0].discretisationError");
        Estimate var = row.find("cov[0,0].discretisationError");
        assertEquals(n10[0] - n20[0], mean.value(), Tolerances.SIGMAS * mean.stdError(), "mean: " + mean);
        assertTrue(Math.abs(n10[1] - n20[1]) > 10 * var.stdError(), "the test has power: " + (n10[1] - n20[1]));
        assertEquals(n10[1] - n20[1], var.value(), Tolerances.SIGMAS * var.stdError(), "variance: " + var);
        Estimate fm = f.results().get(0).find("mean[0]");
        Estimate cm = c.results().get(0).find("mean[0]");
        Estimate x = row.find("mean[0].richardson");
        assertEquals(2 * fm.value() - cm.value(), x.value(), 0.0);
        assertEquals(Math.hypot(2 * fm.stdError(), cm.stdError()), x.stdError(), 0.0);
        assertEquals(null, row.find("density.classLawEntropy.richardson"), "a reference that no step changes");
    }
}
