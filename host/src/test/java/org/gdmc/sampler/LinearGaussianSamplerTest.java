package org.gdmc.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gdmc.estimate.Estimate;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.guidance.ScoreError;
import org.gdmc.kernel.PathKernel;
import org.gdmc.kernel.PathProgram;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.process.LinearSchedule;
import org.gdmc.process.NoiseSchedule;
import org.gdmc.rng.NormalVariates;
import org.gdmc.study.GuidanceResult;
import org.gdmc.study.StudyResult;
import org.gdmc.mixture.Mixture;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.testing.LinearGaussianLaws;
import org.gdmc.testing.Studies;
import org.gdmc.testing.Tolerances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exact laws of the discrete samplers in the linear-Gaussian case. At w = 0 the guided score of a class owning one
 * 1-D component N(μ, v) is s(y, t) = −(y − α_t μ)/C_t, C_t = α_t² v + σ_t², linear in y. Every stochastic step is then
 * y' = A y + B s + C z, so the output is exactly Gaussian with mean and variance given by a recursion that this test
 * computes independently (its own coefficient formulas); Heun's output is an exact affine function of the start point.
 */
class LinearGaussianSamplerTest {
    private static final double MU = 1.5;
    private static final double V = 0.25;
    private static final Mixture TARGET = Mixture.of(List.of(
            GaussianComponent.isotropic(0, 0.4, new double[] {MU}, V),
            GaussianComponent.isotropic(1, 0.6, new double[] {-1.0}, 2.0)));
    private static final NoiseSchedule[] SCHEDULES = {new ConstantSchedule(1.0), new LinearSchedule(0.5, 1.0)};

    /** Independent step coefficients {A, B, C} of each sampler, by its textbook formula. */
    static double[] coefficients(String sampler, ForwardProcess p, double t, double s) {
        double h = t - s;
        double integral = p.schedule().integral(t) - p.schedule().integral(s);
        double beta = p.schedule().beta(t);
        return switch (sampler) {
            case "euler-maruyama" -> new double[] {1 + h * beta, 2 * h * beta, Math.sqrt(2 * beta * h)};
            case "exponential-integrator" -> new double[] {Math.exp(integral), 2 * (Math.exp(integral) - 1),
                    Math.sqrt(Math.exp(2 * integral) - 1)};
            case "ddpm" -> {
                double a = Math.exp(-integral);
                double vt = 1 - Math.exp(-2 * p.schedule().integral(t));
                double vs = 1 - Math.exp(-2 * p.schedule().integral(s));
                yield new double[] {1 / a, (1 - a * a) / a, Math.sqrt(vs * (1 - a * a) / vt)};
            }
            default -> throw new IllegalArgumentException(sampler);
        };
    }

    /** {mean, variance} of the discrete stochastic chain's output, from y₀ ~ N(0, 1). */
    static double[] discreteLaw(String sampler, ForwardProcess p, TimeGrid g) {
        double m = 0;
        double var = 1;
        for (int i = 0; i < g.steps(); i++) {
            double t = g.time(i);
            double alpha = Math.exp(-p.schedule().integral(t));
            double c = alpha * alpha * V + 1 - alpha * alpha;
            double[] k = coefficients(sampler, p, t, g.time(i + 1));
            double slope = k[0] - k[1] / c;
            m = slope * m + k[1] * alpha * MU / c;
            var = slope * slope * var + k[2] * k[2];
        }
        return new double[] {m, var};
    }

    /** {slope, intercept} of Heun's output y_n = slope·y₀ + intercept. */
    static double[] heunMap(ForwardProcess p, TimeGrid g) {
        double slope = 1;
        double icpt = 0;
        for (int i = 0; i < g.steps(); i++) {
            double t0 = g.time(i);
            double t1 = g.time(i + 1);
            double h = t0 - t1;
            double[] f0 = linearDrift(p, t0);
            double[] f1 = linearDrift(p, t1);
            // y* = y + h f0(y); y' = y + h/2 (f0(y) + f1(y*)), f(y) = a y + b
            double sStar = slope + h * (f0[0] * slope);
            double iStar = icpt + h * (f0[0] * icpt + f0[1]);
            double newSlope = slope + 0.5 * h * (f0[0] * slope + f1[0] * sStar);
            double newIcpt = icpt + 0.5 * h * (f0[0] * icpt + f0[1] + f1[0] * iStar + f1[1]);
            slope = newSlope;
            icpt = newIcpt;
        }
        return new double[] {slope, icpt};
    }

    /** Probability-flow drift β(y + s) = a y + b. */
    private static double[] linearDrift(ForwardProcess p, double t) {
        double alpha = Math.exp(-p.schedule().integral(t));
        double c = alpha * alpha * V + 1 - alpha * alpha;
        double beta = p.schedule().beta(t);
        return new double[] {beta * (1 - 1 / c), beta * alpha * MU / c};
    }

    /**
     * Continuous-time limits {mean, variance} of the SDE (stochastic = true) or the ODE output from y₀ ~ N(0, 1),
     * by RK4 on the moment equations dm/dτ = β(m + κ s̄), dV/dτ = 2β(1 − κ/C)V + 2β·[SDE], κ = 2 (SDE) or 1 (ODE).
     */
    static double[] continuousLaw(boolean stochastic, ForwardProcess p, double horizon, double delta) {
        return LinearGaussianLaws.continuous(stochastic, p, horizon, delta, t -> {
            double alpha = Math.exp(-p.schedule().integral(t));
            double c = alpha * alpha * V + 1 - alpha * alpha;
            return new double[] {1 / c, alpha * MU / c};
        });
    }

    /** The production coefficient tables equal the textbook formulas. */
    @Test
    void coefficientTablesMatchTextbookFormulas() {
        for (NoiseSchedule schedule : SCHEDULES) {
            ForwardProcess p = new ForwardProcess(schedule);
            TimeGrid g = TimeGrid.of(GridSpacing.GEOMETRIC, 3.0, 1e-2, 37);
            for (String name : List.of("euler-maruyama", "exponential-integrator", "ddpm")) {
                double[] a = new double[37];
                double[] b = new double[37];
                double[] c = new double[37];
                ReverseSampler.byName(name).coefficients(p, g, a, b, c);
                for (int i = 0; i < 37; i++) {
                    double[] k = coefficients(name, p, g.time(i), g.time(i + 1));
                    assertEquals(k[0], a[i], 1e-12 * Math.abs(k[0]), name + " A_" + i);
                    assertEquals(k[1], b[i], 1e-9 * Math.abs(k[1]), name + " B_" + i);
                    assertEquals(k[2], c[i], 1e-9 * Math.abs(k[2]), name + " C_" + i);
                }
            }
        }
    }

    /**
     * The simulated output of each stochastic sampler follows its exact discrete law: mean and variance within 5 s.e.
     * At 4 steps the discrete law is far (&gt; 20 s.e.) from the continuous one, so this pins the implementation to its
     * own discretisation, not merely to the target.
     */
    @ParameterizedTest
    @ValueSource(strings = {"euler-maruyama", "exponential-integrator", "ddpm"})
    void stochasticSamplersFollowTheirExactDiscreteLaw(String name) {
        for (NoiseSchedule schedule : SCHEDULES) {
            ForwardProcess p = new ForwardProcess(schedule);
            for (int steps : new int[] {4, 16}) {
                TimeGrid g = TimeGrid.of(GridSpacing.GEOMETRIC, 3.0, 1e-2, steps);
                double[] exact = discreteLaw(name, p, g);
                StudyResult r = Studies.run(TARGET, 0, ReverseSampler.byName(name), p, g,
                        List.of(new ClassifierFreeGuidance(0.0)), 99 + steps, 1 << 17, 1 << 15, 2);
                GuidanceResult res = r.results().get(0);
                Estimate mean = res.find("mean[0]");
                Estimate var = res.find("cov[0,0]");
                String at = name + " " + schedule.describe() + " n=" + steps;
                assertEquals(exact[0], mean.value(), Tolerances.SIGMAS * mean.stdError(), at + " mean");
                assertEquals(exact[1], var.value(), Tolerances.SIGMAS * var.stdError(), at + " variance");
                assertEquals(Math.sqrt(exact[1] / (1 << 17)), mean.stdError(), 0.05 * mean.stdError(), at + " s.e.");
                if (steps == 4) {
                    double[] limit = continuousLaw(true, p, 3.0, 1e-2);
                    assertTrue(Math.abs(exact[0] - limit[0]) + Math.abs(exact[1] - limit[1])
                            > 20 * (mean.stdError() + var.stdError()), at + ": test has power");
                }
            }
        }
    }

    /** Heun's output equals slope·y₀ + intercept for each particle's own start point, to 1e-12. */
    @Test
    void heunIsTheExactAffineMap() {
        for (NoiseSchedule schedule : SCHEDULES) {
            ForwardProcess p = new ForwardProcess(schedule);
            TimeGrid g = TimeGrid.of(GridSpacing.GEOMETRIC, 3.0, 1e-2, 12);
            double[] map = heunMap(p, g);
            PathProgram program = PathProgram.of(TARGET, 0, new StepPlan(new ProbabilityFlowHeun(), p, g),
                    List.of(new ClassifierFreeGuidance(0.0)), ScoreError.NONE);
            double[] y = new double[1];
            double[] z = new double[1];
            double[] obs = new double[PathKernel.OBS_LENGTH];
            double[] work = new double[PathKernel.workLength(1)];
            long[] words = new long[4];
            for (long particle = 0; particle < 2000; particle++) {
                PathKernel.simulate(program.codes(), program.tables(), program.params(), program.meta(), 0, 5L,
                        particle, y, 0, obs, 0, work, 0, words, 0);
                NormalVariates.fill(5L, particle, 0, z, 0, 1, words);
                double expected = map[0] * z[0] + map[1];
                assertEquals(expected, y[0], 1e-12 * Math.max(1, Math.abs(expected)), "particle " + particle);
            }
        }
    }

    /**
     * Convergence order, deterministically: the exact discrete laws against the continuous-time limit at n = 512 … 4096
     * uniform steps. The error ratio between n and 2n is 2^order: order 1 for the stochastic samplers, 2 for Heun.
     * (Seen on the way there: DDPM's error is governed by h/t near δ, so on a uniform grid with h &gt; δ its observed order
     * is still 0.55 at n = 64 and reaches 0.93 at n = 1024; Euler–Maruyama and the exponential integrator are within
     * 0.05 of 1 from n = 256.)
     */
    @Test
    void convergenceOrders() {
        ForwardProcess p = new ForwardProcess(new ConstantSchedule(1.0));
        double horizon = 3.0;
        double delta = 1e-2;
        double[] sde = continuousLaw(true, p, horizon, delta);
        double[] ode = continuousLaw(false, p, horizon, delta);
        for (String name : List.of("euler-maruyama", "exponential-integrator", "ddpm", "probability-flow-heun")) {
            boolean heun = name.equals("probability-flow-heun");
            double previous = Double.NaN;
            for (int n = 512; n <= 4096; n *= 2) {
                TimeGrid g = TimeGrid.of(GridSpacing.UNIFORM, horizon, delta, n);
                double[] law;
                if (heun) {
                    double[] map = heunMap(p, g);
                    law = new double[] {map[1], map[0] * map[0]};
                } else {
                    law = discreteLaw(name, p, g);
                }
                double[] limit = heun ? ode : sde;
                double err = Math.abs(law[0] - limit[0]) + Math.abs(law[1] - limit[1]);
                if (!Double.isNaN(previous)) {
                    double order = Math.log(previous / err) / Math.log(2);
                    double expected = ReverseSampler.byName(name).order();
                    assertEquals(expected, order, 0.1, name + " observed order at n=" + n);
                }
                previous = err;
            }
        }
    }
}
