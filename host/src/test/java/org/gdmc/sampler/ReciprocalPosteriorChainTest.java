package org.gdmc.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gdmc.backend.CpuBackend;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.estimate.Estimate;
import org.gdmc.estimate.Event;
import org.gdmc.estimate.KnnOptions;
import org.gdmc.estimate.SupportOptions;
import org.gdmc.estimate.Reliability;
import org.gdmc.estimate.TailIndex;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.study.GuidanceResult;
import org.gdmc.study.StudyRunner;
import org.gdmc.study.StudySpec;
import org.gdmc.testing.LinearGaussianLaws;
import org.gdmc.testing.Studies;
import org.gdmc.testing.Tolerances;
import org.junit.jupiter.api.Test;

/**
 * E[1/p₀(c | X)] for two unit Gaussians at ±2 (equal weights, class c at +2) at w = 0, under the finite 200-step
 * Euler–Maruyama chain (constant β = 1, geometric grid from T = 5 to δ = 10⁻³, start N(0, 1)).
 *
 * <p>At w = 0 the guided score is the class's own, s(y, t) = −(y − α_t μ) (the class's variance stays 1 under the
 * forward process), so each step y' = A y + B s + C z is affine with Gaussian noise and the output is exactly
 * N(m, s²), with m' = (A − B) m + B α_t μ and s²' = (A − B)² s² + C². The class logit is ℓ(x) = log(p(x | +)/p(x | −))
 * = 4x, so 1/p₀(c | x) = 1 + e^{−4x} and E[1/p₀(c | X)] = 1 + exp(−4m + 8s²): e^{−4X} is a log-normal with σ = 4s,
 * whose variance e^{−8m + 32s²}(e^{16s²} − 1) ≈ 9·10⁶ no feasible sample shows. The output's mean, variance and
 * E[p₀(c | X)] (bounded, by quadrature) are checked at 5 s.e.; the mean of 1/p₀ cannot be, and its reliability flag
 * says so.
 */
class ReciprocalPosteriorChainTest {
    private static final double MU = 2.0;
    private static final Mixture TARGET = Mixture.of(List.of(
            GaussianComponent.isotropic(0, 0.5, new double[] {MU}, 1.0),
            GaussianComponent.isotropic(1, 0.5, new double[] {-MU}, 1.0)));
    private static final ForwardProcess PROCESS = new ForwardProcess(new ConstantSchedule(1.0));
    private static final TimeGrid GRID = TimeGrid.of(GridSpacing.GEOMETRIC, 5.0, 1e-3, 200);
    private static final long PARTICLES = 1 << 20;

    /** {m, s²} of the chain's output, with the textbook Euler–Maruyama coefficients. */
    static double[] outputLaw() {
        return LinearGaussianLaws.eulerMaruyama(PROCESS, GRID, 0, 1,
                t -> new double[] {1.0, Math.exp(-PROCESS.schedule().integral(t)) * MU});
    }

    /** E[1/p₀(c | X)] = 1 + exp(−4m + 8s²) for X ~ N(m, s²). */
    static double exactReciprocal(double m, double var) {
        return 1.0 + Math.exp(-4.0 * m + 8.0 * var);
    }

    /** E[f(X)] for X ~ N(m, s²) by composite Simpson on m ± 40 s (independent of any closed form). */
    static double expectation(java.util.function.DoubleUnaryOperator f, double m, double var) {
        double s = Math.sqrt(var);
        int n = 400_000;
        double a = m - 40 * s;
        double h = 80 * s / n;
        double sum = 0.0;
        for (int i = 0; i <= n; i++) {
            double x = a + i * h;
            double w = i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2);
            sum += w * f.applyAsDouble(x) * Math.exp(-0.5 * (x - m) * (x - m) / var);
        }
        return sum * h / 3 / Math.sqrt(2 * Math.PI * var);
    }

    @Test
    void theClosedFormIsTheExpectationUnderTheOutputLaw() {
        double[] law = outputLaw();
        assertEquals(exactReciprocal(law[0], law[1]), expectation(x -> 1.0 + Math.exp(-4.0 * x), law[0], law[1]),
                1e-9);
    }

    @Test
    void theChainMatchesItsClosedFormsAndFlagsTheReciprocalMean() {
        double[] law = outputLaw();
        GuidanceResult r = Studies.run(TARGET, 0, ReverseSampler.byName("euler-maruyama"), PROCESS, GRID,
                List.of(new ClassifierFreeGuidance(0.0)), 20261206, PARTICLES, 1 << 16, 2).results().get(0);
        Estimate mean = r.find("mean[0]");
        Estimate var = r.find("cov[0,0]");
        Estimate posterior = r.find("posterior.mean");
        assertEquals(law[0], mean.value(), Tolerances.SIGMAS * mean.stdError(), "output mean");
        assertEquals(law[1], var.value(), Tolerances.SIGMAS * var.stdError(), "output variance");
        double exactPosterior = expectation(x -> 1.0 / (1.0 + Math.exp(-4.0 * x)), law[0], law[1]);
        assertEquals(exactPosterior, posterior.value(), Tolerances.SIGMAS * posterior.stdError(), "E[p0(c|X)]");
        assertTrue(posterior.reliability().reliable(), posterior.reliability().toString());

        Estimate reciprocal = r.find("reciprocalPosterior.mean");
        Reliability rel = reciprocal.reliability();
        System.out.printf("two unit Gaussians at +-2, w = 0, %d EM steps, N = %,d: output N(%.6f, %.6f); "
                        + "E[1/p] = %.6f +- %.2g (exact %.6f), tail index %.3f, s.e. uncertain by %.0f%%, "
                        + "median of means %.5f in [%.5f, %.5f] (%.1f%%)%n", GRID.steps(), PARTICLES, law[0], law[1],
                reciprocal.value(), reciprocal.stdError(), exactReciprocal(law[0], law[1]), rel.tailIndex(),
                100 * rel.stdErrorRelativeError(), rel.medianOfMeans(), rel.robustLow(), rel.robustHigh(),
                100 * rel.robustLevel());
        assertFalse(rel.reliable(), "the mean of 1/p0 at w = 0 is flagged: " + rel);
        assertTrue(rel.tailIndex() >= TailIndex.UNRELIABLE, rel.toString());
    }

    /** P(X > 2) under the chain's output law, 1 − Φ((2 − m)/s), against the sampled event at 5 s.e. */
    @Test
    void anEventMatchesTheChainsOutputLaw() {
        double[] law = outputLaw();
        Event beyond = Event.halfSpace("beyond2", new double[] {1.0}, 2.0);
        SimulationSpec sim = new SimulationSpec(TARGET, 0, new StepPlan(ReverseSampler.byName("euler-maruyama"),
                PROCESS, GRID), List.of(new ClassifierFreeGuidance(0.0)), 7);
        StudySpec spec = new StudySpec(sim, 1 << 18, 1 << 16, SupportOptions.defaults(TARGET, 0),
                new KnnOptions(4, Studies.KNN_SAMPLES), false, null, List.of(beyond));
        GuidanceResult r;
        try (CpuBackend backend = new CpuBackend(2)) {
            r = new StudyRunner(backend).run(spec, (a, b, c) -> { }).results().get(0);
        }
        Estimate e = r.find("event.beyond2");
        double exact = 0.5 * org.gdmc.mixture.NormalIntervals.erfcx((2.0 - law[0]) / Math.sqrt(2 * law[1]))
                * Math.exp(-(2.0 - law[0]) * (2.0 - law[0]) / (2 * law[1]));
        assertEquals(exact, e.value(), Tolerances.SIGMAS * e.stdError(), "P(X > 2) under N(m, s2)");
        assertEquals(1 << 18, e.count());
        assertEquals(0.5, r.find("event.beyond2.class[0]").value(), 1e-16, "the class law N(2, 1): one half");
    }
}
