package org.gdmc.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gdmc.estimate.Estimate;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.kernel.PathKernel;
import org.gdmc.kernel.PathProgram;
import org.gdmc.kernel.StartLaw;
import org.gdmc.mixture.BoxComponent;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.guidance.ScoreError;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.study.GuidanceResult;
import org.gdmc.testing.LinearGaussianLaws;
import org.gdmc.testing.Studies;
import org.gdmc.testing.Tolerances;
import org.junit.jupiter.api.Test;

/**
 * {@code sampler.start: exact}: paths start from p_T(· | c), the class law pushed through the forward process.
 * Checked on the start itself (moments and the mass below a point of a three-component class with a box, against
 * closed forms, at 5 s.e.) and through a chain: from the exact start at a small T the 100-step Euler–Maruyama output of
 * a linear-Gaussian class has the mean and variance of its recursion started at (α_T μ, α_T² v + σ_T²).
 */
class ExactStartTest {
    private static final ForwardProcess PROCESS = new ForwardProcess(new ConstantSchedule(1.0));

    /** 2·10⁵ starts of class 0 = 0.3 N(−1, 0.25) + 0.5 N(2, 1) + 0.2 U[0, 3] (class weight ½), at T = 0.4. */
    @Test
    void theStartHasTheNoisedClassLaw() {
        Mixture target = Mixture.of(List.of(GaussianComponent.isotropic(0, 0.15, new double[] {-1.0}, 0.25),
                GaussianComponent.isotropic(0, 0.25, new double[] {2.0}, 1.0),
                new BoxComponent(0, 0.1, new double[] {0.0}, new double[] {3.0}),
                GaussianComponent.isotropic(1, 0.5, new double[] {5.0}, 1.0)));
        TimeGrid grid = TimeGrid.of(GridSpacing.UNIFORM, 0.4, 0.01, 10);
        StepPlan plan = new StepPlan(ReverseSampler.byName("euler-maruyama"), PROCESS, grid, true);
        PathProgram program = PathProgram.of(target, 0, plan, List.of(new ClassifierFreeGuidance(0)), ScoreError.NONE);
        assertEquals(StartLaw.EXACT, program.codes()[PathProgram.START]);
        double a = PROCESS.alpha(0.4);
        double s2 = PROCESS.sigma2(0.4);
        int n = 200_000;
        double[] work = new double[PathKernel.workLength(1)];
        long[] words = new long[PathKernel.wordsLength()];
        double[] y = new double[1];
        double[] all = new double[n];
        long below = 0;
        double cut = 1.0;
        for (int i = 0; i < n; i++) {
            StartLaw.draw(program.codes(), program.tables(), 99, i, y, 0, work, 0, words, 0, 1);
            all[i] = y[0];
            below += y[0] < cut ? 1 : 0;
        }
        double sampleMean = java.util.Arrays.stream(all).average().orElseThrow();
        double m2 = java.util.Arrays.stream(all).map(x -> (x - sampleMean) * (x - sampleMean)).average().orElseThrow();
        double m4 = java.util.Arrays.stream(all).map(x -> Math.pow(x - sampleMean, 4)).average().orElseThrow();
        double mean = 0.3 * -1 + 0.5 * 2 + 0.2 * 1.5;
        double second = 0.3 * (0.25 + 1) + 0.5 * (1 + 4) + 0.2 * (0.75 + 2.25);
        double m = a * mean;
        double v = a * a * (second - mean * mean) + s2;
        assertEquals(m, sampleMean, Tolerances.SIGMAS * Math.sqrt(v / n), "mean");
        assertEquals(v, m2, Tolerances.SIGMAS * Math.sqrt((m4 - m2 * m2) / n), "variance");
        // P(Y < 1): the Gaussians' noised CDFs, and the box's by quadrature of Φ over the box
        double p = 0.3 * phi((cut + a) / Math.sqrt(a * a * 0.25 + s2)) + 0.5 * phi((cut - 2 * a) / Math.sqrt(a * a + s2));
        int q = 20_000;
        double box = 0;
        for (int k = 0; k < q; k++) {
            double x = 3.0 * (k + 0.5) / q;
            box += phi((cut - a * x) / Math.sqrt(s2)) / q;
        }
        p += 0.2 * box;
        assertEquals(p, (double) below / n, Tolerances.SIGMAS * Math.sqrt(p * (1 - p) / n), "P(Y < 1)");
    }

    private static double phi(double z) {
        return 0.5 * org.gdmc.mixture.NormalIntervals.erfcx(-z / Math.sqrt(2)) * Math.exp(-z * z / 2);
    }

    /** The chain from the exact start at T = 0.5: its output law, by the recursion from (α_T μ, α_T² + σ_T²). */
    @Test
    void aChainFromTheExactStartFollowsItsRecursion() {
        double mu = 2.0;
        Mixture target = Mixture.of(List.of(GaussianComponent.isotropic(0, 0.5, new double[] {mu}, 1.0),
                GaussianComponent.isotropic(1, 0.5, new double[] {-mu}, 1.0)));
        TimeGrid grid = TimeGrid.of(GridSpacing.GEOMETRIC, 0.5, 1e-3, 100);
        double alphaT = PROCESS.alpha(0.5);
        double[] law = LinearGaussianLaws.eulerMaruyama(PROCESS, grid, alphaT * mu,
                alphaT * alphaT + PROCESS.sigma2(0.5), t -> new double[] {1.0, PROCESS.alpha(t) * mu});
        double m = law[0];
        double var = law[1];
        GuidanceResult r = Studies.run(target, 0, ReverseSampler.byName("euler-maruyama"), PROCESS, grid,
                List.of(new ClassifierFreeGuidance(0.0)), 3, 1 << 18, 1 << 16, 2, true).results().get(0);
        Estimate mean = r.find("mean[0]");
        Estimate v = r.find("cov[0,0]");
        assertEquals(m, mean.value(), Tolerances.SIGMAS * mean.stdError(), "mean");
        assertEquals(var, v.value(), Tolerances.SIGMAS * v.stdError(), "variance");
        assertTrue(Math.abs(m - mu) < 0.02 && Math.abs(var - 1) < 0.02, "the exact start leaves only the "
                + "discretisation: N(" + m + ", " + var + ")");
        GuidanceResult standard = Studies.run(target, 0, ReverseSampler.byName("euler-maruyama"), PROCESS, grid,
                List.of(new ClassifierFreeGuidance(0.0)), 3, 1 << 18, 1 << 16, 2).results().get(0);
        assertTrue(Math.abs(standard.find("mean[0]").value() - m) > 20 * mean.stdError(),
                "from N(0, 1) at T = 0.5 the output is far from it: " + standard.find("mean[0]"));
    }
}
