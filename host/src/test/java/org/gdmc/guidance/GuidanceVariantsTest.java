package org.gdmc.guidance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.gdmc.backend.CpuBackend;
import org.gdmc.backend.ParticleBatch;
import org.gdmc.backend.Pieces;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.estimate.Estimate;
import org.gdmc.kernel.GuidedDrift;
import org.gdmc.kernel.PathKernel;
import org.gdmc.kernel.PathProgram;
import org.gdmc.kernel.ScorePass;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.mixture.MixtureScore;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.sampler.GridSpacing;
import org.gdmc.sampler.ReverseSampler;
import org.gdmc.sampler.StepPlan;
import org.gdmc.sampler.TimeGrid;
import org.gdmc.study.GuidanceResult;
import org.gdmc.testing.LinearGaussianLaws;
import org.gdmc.testing.Studies;
import org.gdmc.testing.Tolerances;
import org.junit.jupiter.api.Test;

/**
 * The guidance variants against their papers' own formulations, computed here independently of the kernel's algebra:
 * each reduces to classifier-free guidance where its paper says it does (bit for bit, or to 1e-13); APG and rescaled
 * guidance as the reference code writes them (on the denoiser and the ε-prediction, with a momentum buffer and
 * torch's unbiased standard deviation); CFG++ as Chung et al.'s denoise-then-renoise step; autoguidance's output law
 * exactly, where its weak model keeps the score linear.
 */
class GuidanceVariantsTest {
    private static final Mixture TARGET = Pieces.targets().get(0).mixture();
    private static final int D = TARGET.dimension();
    private static final ForwardProcess PROCESS = new ForwardProcess(new ConstantSchedule(1.0));

    private static StepPlan plan(String sampler, int steps) {
        return new StepPlan(ReverseSampler.byName(sampler), PROCESS, TimeGrid.of(GridSpacing.GEOMETRIC, 5.0, 1e-3,
                steps));
    }

    /** The guided score of guidance 0 of the program at node i and x, through the kernel's own evaluation. */
    private static double[] kernel(PathProgram p, double[] work, int node, double[] x) {
        double[] out = new double[D];
        GuidedDrift.evaluate(p.codes(), p.tables(), p.params(), p.meta(), 0, node, x, 0, work, 0,
                ScorePass.length(D), out, 0, 1);
        return out;
    }

    /** s_u, s_c of the exact pass at x and node i. */
    private static double[][] scores(PathProgram p, int node, double[] x) {
        double[] pass = new double[ScorePass.length(D)];
        MixtureScore.evaluate(p.params(), p.meta(), 0, p.alpha(node), p.sigma2(node), x, 0, pass, 0);
        return new double[][] {java.util.Arrays.copyOfRange(pass, ScorePass.unconditional(D),
                ScorePass.unconditional(D) + D), java.util.Arrays.copyOfRange(pass, ScorePass.conditional(D),
                ScorePass.conditional(D) + D)};
    }

    private static double[] point(SplittableRandom r) {
        double[] x = new double[D];
        for (int i = 0; i < D; i++) {
            x[i] = 3 * r.nextGaussian();
        }
        return x;
    }

    private static PathProgram program(StepPlan plan, Guidance g) {
        return PathProgram.of(TARGET, 0, plan, List.of(g), ScoreError.NONE);
    }

    /**
     * Power-law with a = 0, rescaled with φ = 0, knots all at 1 and a flat linear shape give CFG's score bit for bit;
     * APG with η = 1, no threshold and no momentum to 1e-13 of the score; whole paths of the bit-for-bit ones too.
     */
    @Test
    void theVariantsReduceToClassifierFreeGuidance() {
        StepPlan plan = plan("ddpm", 60);
        double w = 3.0;
        Guidance cfg = new ClassifierFreeGuidance(w);
        List<Guidance> same = List.of(new PowerLawGuidance(new ConstantStrength(w), 0.0),
                new RescaledGuidance(new ConstantStrength(w), 0.0),
                new ClassifierFreeGuidance(new StrengthKnots(GuidanceInterval.Axis.TIME, new double[] {1e-3, 5.0},
                        new double[] {1.0, 1.0}, w)),
                new ClassifierFreeGuidance(new StrengthShape(StrengthShape.Kind.LINEAR, 1.0, 1.0, 5.0, 1e-3, w)));
        Guidance apg = new ProjectedGuidance(new ConstantStrength(w), 1.0, 0.0, 0.0);
        PathProgram reference = program(plan, cfg);
        double[] work = new double[PathKernel.workLength(D)];
        SplittableRandom r = new SplittableRandom(5);
        for (int k = 0; k < 500; k++) {
            double[] x = point(r);
            int node = r.nextInt(plan.steps());
            double[] expected = kernel(reference, work, node, x);
            for (Guidance g : same) {
                assertArrayEquals(expected, kernel(program(plan, g), work, node, x), 0.0, g.describe());
            }
            double[] a = kernel(program(plan, apg), work, node, x);
            double norm = 0;
            for (double v : expected) {
                norm = Math.max(norm, Math.abs(v));
            }
            assertArrayEquals(expected, a, 1e-13 * norm, apg.describe() + " at node " + node);
        }
        int n = 2048;
        List<Guidance> sweep = new java.util.ArrayList<>(List.of(cfg));
        sweep.addAll(same);
        SimulationSpec spec = new SimulationSpec(TARGET, 0, plan, sweep, ScoreError.NONE, 9L);
        ParticleBatch b = new ParticleBatch(sweep.size(), D, n);
        b.reset(0, n);
        try (CpuBackend cpu = CpuBackend.scalarKernel(1, false)) {
            cpu.simulate(spec, b);
        }
        for (int g = 1; g < sweep.size(); g++) {
            assertArrayEquals(b.states(0), b.states(g), 0.0, sweep.get(g).describe() + ": paths");
        }
    }

    /**
     * APG as the reference code of Sadat et al. writes it, on the denoiser D = (x + σ² s)/α: diff = D_c − D_u, the
     * momentum buffer m ← diff + β m, the norm threshold, the projection on D_c normalised, D̂ = D_c + w (diff_⊥ +
     * η diff_∥), then back to a score; over a sequence of evaluations that carries the momentum, against the kernel.
     */
    @Test
    void apgFollowsThePapersAlgorithmWithItsMomentum() {
        StepPlan plan = plan("ddim", 40);
        double w = 4.0;
        double eta = 0.3;
        double r = 0.8;
        double beta = -0.5;
        PathProgram p = program(plan, new ProjectedGuidance(new ConstantStrength(w), eta, r, beta));
        double[] work = new double[PathKernel.workLength(D)];
        double[] buffer = new double[D];
        SplittableRandom rng = new SplittableRandom(8);
        int clipped = 0;
        for (int node = 0; node < plan.steps(); node++) {
            double[] x = point(rng);
            double alpha = p.alpha(node);
            double s2 = p.sigma2(node);
            double[][] su = scores(p, node, x);
            double[] dc = new double[D];
            double[] diff = new double[D];
            for (int i = 0; i < D; i++) {
                dc[i] = (x[i] + s2 * su[1][i]) / alpha;
                diff[i] = dc[i] - (x[i] + s2 * su[0][i]) / alpha;
                buffer[i] = diff[i] + beta * buffer[i];
                diff[i] = buffer[i];
            }
            double norm = Math.sqrt(dot(diff, diff));
            double scale = Math.min(1.0, r / norm);
            clipped += scale < 1 ? 1 : 0;
            double dn = Math.sqrt(dot(dc, dc));
            double along = 0;
            for (int i = 0; i < D; i++) {
                diff[i] *= scale;
                along += diff[i] * dc[i] / dn;
            }
            double[] expected = new double[D];
            for (int i = 0; i < D; i++) {
                double par = along * dc[i] / dn;
                double guided = dc[i] + w * ((diff[i] - par) + eta * par);
                expected[i] = (alpha * guided - x[i]) / s2;
            }
            double[] got = kernel(p, work, node, x);
            double size = Math.sqrt(dot(expected, expected));
            assertArrayEquals(expected, got, 1e-11 * size, "node " + node);
        }
        assertTrue(clipped > 5 && clipped < plan.steps() - 5, "the threshold binds at some nodes only: " + clipped);
    }

    /**
     * Rescaled guidance as diffusers' {@code rescale_noise_cfg} writes it on the ε-prediction ε = −σ s, with torch's
     * unbiased standard deviations: ε_cfg = ε_u + (1 + w)(ε_c − ε_u), ε = φ ε_cfg std(ε_c)/std(ε_cfg) + (1 − φ) ε_cfg.
     */
    @Test
    void rescaledGuidanceIsDiffusersRescaleOnTheNoisePrediction() {
        StepPlan plan = plan("ddpm", 40);
        double w = 5.0;
        double phi = 0.7;
        PathProgram p = program(plan, new RescaledGuidance(new ConstantStrength(w), phi));
        double[] work = new double[PathKernel.workLength(D)];
        SplittableRandom rng = new SplittableRandom(3);
        for (int k = 0; k < 200; k++) {
            double[] x = point(rng);
            int node = rng.nextInt(plan.steps());
            double sigma = Math.sqrt(p.sigma2(node));
            double[][] su = scores(p, node, x);
            double[] ec = new double[D];
            double[] cfg = new double[D];
            for (int i = 0; i < D; i++) {
                double eu = -sigma * su[0][i];
                ec[i] = -sigma * su[1][i];
                cfg[i] = eu + (1 + w) * (ec[i] - eu);
            }
            double ratio = unbiasedStd(ec) / unbiasedStd(cfg);
            double[] expected = new double[D];
            for (int i = 0; i < D; i++) {
                expected[i] = -(phi * cfg[i] * ratio + (1 - phi) * cfg[i]) / sigma;
            }
            double[] got = kernel(p, work, node, x);
            assertArrayEquals(expected, got, 1e-12 * Math.sqrt(dot(expected, expected)), "node " + node);
        }
    }

    /**
     * CFG++ (Chung et al., Algorithm 1 for DDIM; its ancestral form for DDPM): x̂₀ from ε_λ = ε_u + λ (ε_c − ε_u),
     * then x' = α_s x̂₀ + c ε_u (c = σ_s for DDIM, σ_s² α_t/(α_s σ_t) for DDPM's mean), against the kernel's step
     * y' = A y + B s at the table's effective weight (the noise term, C z, is the sampler's own).
     */
    @Test
    void cfgPlusPlusIsTheDenoiseThenRenoiseStep() {
        for (String name : List.of("ddim", "ddpm")) {
            StepPlan plan = plan(name, 50);
            double lambda = 0.6;
            PathProgram p = program(plan, new CfgPlusPlus(new ConstantStrength(lambda)));
            double[] a = p.coefficients(0);
            double[] b = p.coefficients(1);
            double[] work = new double[PathKernel.workLength(D)];
            SplittableRandom rng = new SplittableRandom(4);
            for (int node = 0; node < plan.steps(); node++) {
                double[] x = point(rng);
                double at = p.alpha(node);
                double st = Math.sqrt(p.sigma2(node));
                double as = p.alpha(node + 1);
                double ss = Math.sqrt(p.sigma2(node + 1));
                double c = name.equals("ddim") ? ss : ss * ss * at / (as * st);
                double[][] su = scores(p, node, x);
                double[] s = kernel(p, work, node, x);
                for (int i = 0; i < D; i++) {
                    double eu = -st * su[0][i];
                    double el = eu + lambda * (-st * su[1][i] - eu);
                    double x0 = (x[i] - st * el) / at;
                    double expected = as * x0 + c * eu;
                    double got = a[node] * x[i] + b[node] * s[i];
                    assertEquals(expected, got, 1e-11 * (1 + Math.abs(expected)), name + " step " + node);
                }
            }
        }
    }

    /**
     * Autoguidance of a Gaussian class N(1, 1) (noised: N(α, 1)) against weak models that keep the score linear:
     * relative (s_weak = (1 + ε) s_c), smoothed (N(α, 1 + α²ε²)) and biased (s_c + ε): the Euler–Maruyama output's
     * mean and variance meet the chain's exact law at 5 s.e.
     */
    @Test
    void autoguidanceMeetsTheExactLawOfLinearWeakModels() {
        Mixture cls = Mixture.of(List.of(GaussianComponent.isotropic(0, 1.0, new double[] {1.0}, 1.0)));
        TimeGrid grid = TimeGrid.of(GridSpacing.GEOMETRIC, 5.0, 1e-3, 80);
        double w = 1.5;
        double[] up = {1.0};
        List<ScoreError> weak = List.of(new ScoreError(ScoreError.Kind.RELATIVE, 0.2, ScoreError.Scope.CONDITIONAL, up),
                new ScoreError(ScoreError.Kind.SMOOTHED, 0.5, ScoreError.Scope.CONDITIONAL, up),
                new ScoreError(ScoreError.Kind.BIAS, 0.3, ScoreError.Scope.CONDITIONAL, up));
        List<Guidance> sweep = weak.stream().map(e -> (Guidance) new AutoGuidance(new ConstantStrength(w), e))
                .toList();
        var run = Studies.run(cls, 0, ReverseSampler.byName("euler-maruyama"), PROCESS, grid, sweep, 17L, 1 << 18,
                1 << 16, 2);
        for (int g = 0; g < weak.size(); g++) {
            ScoreError e = weak.get(g);
            LinearGaussianLaws.LinearScore score = t -> {
                double alpha = PROCESS.alpha(t);
                return switch (e.kind()) {
                    case RELATIVE -> new double[] {1 - w * e.epsilon(), (1 - w * e.epsilon()) * alpha};
                    case SMOOTHED -> {
                        double a = (1 + w) - w / (1 + alpha * alpha * e.epsilon() * e.epsilon());
                        yield new double[] {a, a * alpha};
                    }
                    default -> new double[] {1.0, alpha - w * e.epsilon()};
                };
            };
            double[] exact = LinearGaussianLaws.eulerMaruyama(PROCESS, grid, 0, 1, score);
            GuidanceResult r = run.results().get(g);
            Estimate mean = r.find("mean[0]");
            Estimate var = r.find("cov[0,0]");
            assertEquals(exact[0], mean.value(), Tolerances.SIGMAS * mean.stdError(), e.describe() + ": mean");
            assertEquals(exact[1], var.value(), Tolerances.SIGMAS * var.stdError(), e.describe() + ": variance");
        }
    }

    /** Power-law guidance's scale: w ‖s_c − s_u‖^a times the difference, at random points, to rounding. */
    @Test
    void powerLawScalesTheDifferenceByItsNorm() {
        StepPlan plan = plan("ddpm", 40);
        PathProgram p = program(plan, new PowerLawGuidance(new ConstantStrength(2.0), 0.9));
        double[] work = new double[PathKernel.workLength(D)];
        SplittableRandom rng = new SplittableRandom(6);
        for (int k = 0; k < 200; k++) {
            double[] x = point(rng);
            int node = rng.nextInt(plan.steps());
            double[][] su = scores(p, node, x);
            double[] delta = new double[D];
            for (int i = 0; i < D; i++) {
                delta[i] = su[1][i] - su[0][i];
            }
            double f = 2.0 * Math.pow(Math.sqrt(dot(delta, delta)), 0.9);
            double[] expected = new double[D];
            for (int i = 0; i < D; i++) {
                expected[i] = su[1][i] + f * delta[i];
            }
            assertArrayEquals(expected, kernel(p, work, node, x), 1e-12 * Math.sqrt(dot(expected, expected)));
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double unbiasedStd(double[] v) {
        double m = 0;
        for (double x : v) {
            m += x / v.length;
        }
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
