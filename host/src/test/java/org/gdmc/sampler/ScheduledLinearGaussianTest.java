package org.gdmc.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.gdmc.estimate.Estimate;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.guidance.Guidance;
import org.gdmc.guidance.GuidanceInterval;
import org.gdmc.guidance.GuidanceSchedule;
import org.gdmc.guidance.StrengthKnots;
import org.gdmc.guidance.StrengthShape;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.study.GuidanceResult;
import org.gdmc.study.StudyResult;
import org.gdmc.testing.LinearGaussianLaws;
import org.gdmc.testing.Studies;
import org.gdmc.testing.Tolerances;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Guidance schedules on the linear-Gaussian case: class N(1, 1) guided against a separate unconditional N(0, 4) under
 * the Ornstein–Uhlenbeck process. For any w(t) the guided score stays linear, s = −a(t) y + b(t) with
 * a = (1 + w(t)) − w(t)/(1 + 3α²) and b = (1 + w(t)) α, so every sampler's output is Gaussian with moments given by
 * its own recursion ({@link LinearGaussianLaws#chain}) and the continuous SDE's or ODE's moments solve ODEs the test
 * integrates by RK4 ({@link LinearGaussianLaws#continuous}). Four schedules at scale w = 2: an interval, knots with a
 * negative window (Ventura et al. 2026), a linear ramp up and a cosine ramp down.
 *
 * <ul>
 *   <li>Monte Carlo (2^17 particles, 100 steps) meets each sampler's exact chain at 5 s.e., mean and variance;</li>
 *   <li>the chains converge to the continuous moments: the error shrinks from n = 200 to 400 to 800 steps under
 *       every schedule, and from 400 to 800 by 2^order within a factor 1.25 under the smooth shapes (and the knots
 *       for the first-order samplers: the knots' kinks and the interval's jumps, met at steps that do not align with
 *       them, make Heun's second-order error erratic, 3.3 then 9.8 here, so there it need only shrink).</li>
 * </ul>
 */
class ScheduledLinearGaussianTest {
    private static final ForwardProcess PROCESS = new ForwardProcess(new ConstantSchedule(1.0));
    private static final double T = 5.0;
    private static final double DELTA = 1e-3;
    private static final Mixture TARGET = Mixture.of(List.of(GaussianComponent.isotropic(0, 1.0, new double[] {1.0},
            1.0))).withUnconditional(Mixture.of(List.of(GaussianComponent.isotropic(0, 1.0, new double[] {0.0},
            4.0))));

    static List<GuidanceSchedule> schedules() {
        return List.of(new GuidanceInterval(GuidanceInterval.Axis.TIME, 0.3, 1.5, 2.0, 0.0),
                new StrengthKnots(GuidanceInterval.Axis.TIME, new double[] {DELTA, 0.5, 1.0, 2.0, T},
                        new double[] {1.0, 1.0, -0.5, -0.5, 0.0}, 2.0),
                new StrengthShape(StrengthShape.Kind.LINEAR, 0.0, 2.0, T, DELTA, 2.0),
                new StrengthShape(StrengthShape.Kind.COSINE, 2.0, 0.0, T, DELTA, 2.0));
    }

    static LinearGaussianLaws.LinearScore score(GuidanceSchedule s) {
        return t -> {
            double w = s.at(t, PROCESS);
            double alpha = PROCESS.alpha(t);
            return new double[] {(1 + w) - w / (1 + 3 * alpha * alpha), (1 + w) * alpha};
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"euler-maruyama", "exponential-integrator", "ddpm", "ddim", "dpm-solver++2m",
        "probability-flow-heun"})
    void everySamplerFollowsItsChainUnderEverySchedule(String name) {
        ReverseSampler sampler = ReverseSampler.byName(name);
        TimeGrid grid = TimeGrid.of(GridSpacing.GEOMETRIC, T, DELTA, 100);
        List<Guidance> sweep = new ArrayList<>();
        for (GuidanceSchedule s : schedules()) {
            sweep.add(new ClassifierFreeGuidance(s));
        }
        StudyResult run = Studies.run(TARGET, 0, sampler, PROCESS, grid, sweep, 31L, 1 << 17, 1 << 15, 2);
        for (int g = 0; g < sweep.size(); g++) {
            double[] exact = LinearGaussianLaws.chain(sampler, PROCESS, grid, 0, 1, score(schedules().get(g)));
            GuidanceResult r = run.results().get(g);
            Estimate mean = r.find("mean[0]");
            Estimate var = r.find("cov[0,0]");
            String at = name + " under " + sweep.get(g).describe();
            assertEquals(exact[0], mean.value(), Tolerances.SIGMAS * mean.stdError(), at + ": mean");
            assertEquals(exact[1], var.value(), Tolerances.SIGMAS * var.stdError(), at + ": variance");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"euler-maruyama", "exponential-integrator", "ddpm", "ddim", "dpm-solver++2m",
        "probability-flow-heun"})
    void theChainsConvergeToTheContinuousMomentsAtTheirOrder(String name) {
        ReverseSampler sampler = ReverseSampler.byName(name);
        for (GuidanceSchedule s : schedules()) {
            double[] limit = LinearGaussianLaws.continuous(sampler.stochastic(), PROCESS, T, DELTA, score(s));
            double[] e = new double[3];
            int[] steps = {200, 400, 800};
            for (int k = 0; k < steps.length; k++) {
                double[] c = LinearGaussianLaws.chain(sampler, PROCESS, TimeGrid.of(GridSpacing.GEOMETRIC, T, DELTA,
                        steps[k]), 0, 1, score(s));
                e[k] = Math.abs(c[0] - limit[0]) + Math.abs(c[1] - limit[1]);
            }
            String at = name + " under " + s.describe("w") + ": errors " + e[0] + ", " + e[1] + ", " + e[2];
            assertTrue(e[2] < e[1] && e[1] < e[0], at + " shrink");
            boolean smooth = s instanceof StrengthShape || (s instanceof StrengthKnots && sampler.order() == 1);
            if (smooth) {
                double expected = Math.pow(2, sampler.order());
                double ratio = e[1] / e[2];
                assertTrue(ratio > expected / 1.25 && ratio < expected * 1.25, at + ": ratio " + ratio + ", order "
                        + sampler.order());
            }
        }
    }
}
