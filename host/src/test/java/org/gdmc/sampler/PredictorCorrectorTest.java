package org.gdmc.sampler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gdmc.backend.SimulationSpec;
import org.gdmc.estimate.Estimate;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.guidance.ClassifierGuidance;
import org.gdmc.guidance.ConstantStrength;
import org.gdmc.guidance.Guidance;
import org.gdmc.guidance.GuidanceSchedule;
import org.gdmc.guidance.StrengthShape;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.study.GuidanceResult;
import org.gdmc.study.StudyResult;
import org.gdmc.testing.LinearGaussianLaws;
import org.gdmc.testing.Studies;
import org.gdmc.testing.TestMixtures;
import org.gdmc.testing.Tolerances;
import org.junit.jupiter.api.Test;

/**
 * Predictor–corrector guidance (Bradley &amp; Nakkiran 2025) on the linear-Gaussian case of
 * {@link ScheduledLinearGaussianTest} (class N(1, 1) against an unconditional N(0, 4), so every score is linear and
 * every output Gaussian): its chain, its continuous limit (the paper's theorem), its m = 0 case and its corrector.
 */
class PredictorCorrectorTest {
    private static final ForwardProcess PROCESS = new ForwardProcess(new ConstantSchedule(1.0));
    private static final double T = 5.0;
    private static final double DELTA = 1e-3;
    private static final Mixture TARGET = Mixture.of(List.of(GaussianComponent.isotropic(0, 1.0, new double[] {1.0},
            1.0))).withUnconditional(Mixture.of(List.of(GaussianComponent.isotropic(0, 1.0, new double[] {0.0},
            4.0))));
    /** s_c = −y + α: the class N(1, 1) noised is N(α, 1). */
    private static final LinearGaussianLaws.LinearScore CONDITIONAL = t -> new double[] {1.0, PROCESS.alpha(t)};

    private static LinearGaussianLaws.LinearScore guided(GuidanceSchedule s) {
        return t -> {
            double w = s.at(t, PROCESS);
            double alpha = PROCESS.alpha(t);
            return new double[] {(1 + w) - w / (1 + 3 * alpha * alpha), (1 + w) * alpha};
        };
    }

    /**
     * Monte Carlo (2^17 particles, 80 steps) meets the chain written from the paper's description at 5 s.e., for
     * each step rule, a constant weight and a ramp, with two correctors per step.
     */
    @Test
    void monteCarloFollowsTheChainOfEveryStepRule() {
        TimeGrid grid = TimeGrid.of(GridSpacing.GEOMETRIC, T, DELTA, 80);
        List<GuidanceSchedule> schedules = List.of(new ConstantStrength(3.0),
                new StrengthShape(StrengthShape.Kind.LINEAR, 0.0, 2.0, T, DELTA, 2.0));
        for (PredictorCorrector pc : List.of(new PredictorCorrector(2, PredictorCorrector.Rule.BETA, 0.7),
                new PredictorCorrector(2, PredictorCorrector.Rule.SIGMA2, 0.05),
                new PredictorCorrector(1, PredictorCorrector.Rule.CONSTANT, 0.02))) {
            List<Guidance> sweep = schedules.stream().map(s -> (Guidance) new ClassifierFreeGuidance(s)).toList();
            StudyResult run = Studies.run(TARGET, 0, pc, PROCESS, grid, sweep, 41L, 1 << 17, 1 << 15, 2);
            for (int g = 0; g < sweep.size(); g++) {
                double[] exact = LinearGaussianLaws.predictorCorrector(PROCESS, grid, pc, 0, 1, CONDITIONAL,
                        guided(schedules.get(g)));
                GuidanceResult r = run.results().get(g);
                Estimate mean = r.find("mean[0]");
                Estimate var = r.find("cov[0,0]");
                String at = pc.describe() + " under " + sweep.get(g).describe();
                assertEquals(exact[0], mean.value(), Tolerances.SIGMAS * mean.stdError(), at + ": mean");
                assertEquals(exact[1], var.value(), Tolerances.SIGMAS * var.stdError(), at + ": variance");
            }
        }
    }

    /**
     * The paper's theorem: one corrector step on the β rule at weight w' = 2w converges, as the steps grow, to the
     * reverse SDE of classifier-free guidance at w (CFG–DDPM's limit), at first order: the error in (mean, variance)
     * halves from 400 to 800 steps within a factor 1.25, for a constant w and a ramp.
     */
    @Test
    void oneCorrectorStepAtTwiceTheWeightIsCfgDdpmInTheLimit() {
        for (GuidanceSchedule s : List.of((GuidanceSchedule) new ConstantStrength(2.0),
                new StrengthShape(StrengthShape.Kind.COSINE, 2.0, 0.0, T, DELTA, 1.5))) {
            double[] limit = LinearGaussianLaws.continuous(true, PROCESS, T, DELTA, guided(s));
            double[] e = new double[3];
            int[] steps = {200, 400, 800};
            for (int k = 0; k < steps.length; k++) {
                double[] c = LinearGaussianLaws.predictorCorrector(PROCESS,
                        TimeGrid.of(GridSpacing.GEOMETRIC, T, DELTA, steps[k]), 1, 1.0, 0, 1, CONDITIONAL,
                        guided(s.scaledTo(2 * s.scale())));
                e[k] = Math.abs(c[0] - limit[0]) + Math.abs(c[1] - limit[1]);
            }
            String at = s.describe("w") + ": errors " + e[0] + ", " + e[1] + ", " + e[2];
            assertTrue(e[2] < e[1] && e[1] < e[0], at + " shrink");
            double ratio = e[1] / e[2];
            assertTrue(ratio > 2 / 1.25 && ratio < 2 * 1.25, at + ": ratio " + ratio);
            double[] cfg = LinearGaussianLaws.chain(new DdpmAncestral(), PROCESS,
                    TimeGrid.of(GridSpacing.GEOMETRIC, T, DELTA, 800), 0, 1, guided(s));
            double[] pc = LinearGaussianLaws.predictorCorrector(PROCESS,
                    TimeGrid.of(GridSpacing.GEOMETRIC, T, DELTA, 800), 1, 1.0, 0, 1, CONDITIONAL,
                    guided(s.scaledTo(2 * s.scale())));
            double gap = Math.abs(cfg[0] - pc[0]) + Math.abs(cfg[1] - pc[1]);
            assertTrue(gap < 2 * (e[2] + Math.abs(cfg[0] - limit[0]) + Math.abs(cfg[1] - limit[1])),
                    at + ": CFG-DDPM and PC at 800 steps differ by " + gap);
        }
    }

    /** More corrector steps per level bring the output to the tilted law of the corrector's weight at δ. */
    @Test
    void moreCorrectorStepsApproachTheTiltedLaw() {
        double w = 2.0;
        TimeGrid grid = TimeGrid.of(GridSpacing.GEOMETRIC, T, DELTA, 100);
        // q ∝ p_δ(x|c)^{1+w} p_δ(x)^{−w}: precisions 1 and 1/(1 + 3α²), α = α_δ
        double alpha = PROCESS.alpha(DELTA);
        double pu = 1 / (1 + 3 * alpha * alpha);
        double precision = (1 + w) - w * pu;
        double mean = (1 + w) * alpha / precision;
        double previous = Double.POSITIVE_INFINITY;
        for (int m : new int[] {0, 1, 4, 16, 64}) {
            double[] c = LinearGaussianLaws.predictorCorrector(PROCESS, grid, m, 1.0, 0, 1, CONDITIONAL,
                    guided(new ConstantStrength(w)));
            double w2 = Math.sqrt((c[0] - mean) * (c[0] - mean) + (Math.sqrt(c[1]) - Math.sqrt(1 / precision))
                    * (Math.sqrt(c[1]) - Math.sqrt(1 / precision)));
            assertTrue(w2 < previous, "m = " + m + ": W2 to the tilted law " + w2 + " after " + previous);
            previous = w2;
        }
        assertTrue(previous < 0.02, "64 corrector steps per level: W2 " + previous);
    }

    /** m = 0 is DDIM on the conditional score, bit for bit, whatever the guidance (the corrector is not run). */
    @Test
    void withoutCorrectorStepsItIsDdimOnTheConditionalScore() {
        Mixture target = TestMixtures.threeClassFullCovariance();
        TimeGrid grid = TimeGrid.of(GridSpacing.GEOMETRIC, T, DELTA, 40);
        PredictorCorrector none = new PredictorCorrector(0, PredictorCorrector.Rule.BETA, 1.0);
        double[] ddim = Studies.finalStates(new SimulationSpec(target, 1, new StepPlan(new Ddim(), PROCESS, grid),
                List.of(new ClassifierFreeGuidance(0.0)), 5L), 3000);
        for (Guidance g : List.of(new ClassifierFreeGuidance(4.0), new ClassifierGuidance(2.0))) {
            double[] pc = Studies.finalStates(new SimulationSpec(target, 1, new StepPlan(none, PROCESS, grid),
                    List.of(g), 5L), 3000);
            assertArrayEquals(ddim, pc, 0.0, g.describe());
        }
    }

    /**
     * At weight 0 the corrector targets p_t(x | c) itself and leaves it invariant: started from the exact noised class
     * law, many corrector steps keep the class law's mean and variance (to the Langevin step's O(ε) bias, which the
     * chain shows is below 1e-3 here), and Monte Carlo agrees at 5 s.e.
     */
    @Test
    void atWeightZeroTheCorrectorLeavesTheClassLawInvariant() {
        TimeGrid grid = TimeGrid.of(GridSpacing.GEOMETRIC, T, DELTA, 100);
        PredictorCorrector pc = new PredictorCorrector(8, PredictorCorrector.Rule.BETA, 1.0);
        double[] c = LinearGaussianLaws.predictorCorrector(PROCESS, grid, pc, PROCESS.alpha(T), 1, CONDITIONAL,
                guided(new ConstantStrength(0.0)));
        double classMean = PROCESS.alpha(DELTA);
        assertEquals(classMean, c[0], 1e-3, "mean");
        assertEquals(1.0, c[1], 1e-3, "variance");
        StudyResult run = Studies.run(TARGET, 0, pc, PROCESS, grid, List.of(new ClassifierFreeGuidance(0.0)), 43L,
                1 << 17, 1 << 15, 2);
        Estimate mean = run.results().get(0).find("mean[0]");
        Estimate var = run.results().get(0).find("cov[0,0]");
        double[] fromStandard = LinearGaussianLaws.predictorCorrector(PROCESS, grid, pc, 0, 1, CONDITIONAL,
                guided(new ConstantStrength(0.0)));
        assertEquals(fromStandard[0], mean.value(), Tolerances.SIGMAS * mean.stdError(), "mean");
        assertEquals(fromStandard[1], var.value(), Tolerances.SIGMAS * var.stdError(), "variance");
        assertEquals(classMean, mean.value(), Tolerances.SIGMAS * mean.stdError() + 1e-3, "class mean");
        assertEquals(1.0, var.value(), Tolerances.SIGMAS * var.stdError() + 1e-3, "class variance");
    }

    /**
     * The theorem between sample sets in 2-D: on two classes of correlated Gaussians, CFG–DDPM at w = 1.5 and
     * predictor–corrector guidance at w' = 3 (one corrector step, β rule) give histograms whose TV sits at the noise
     * floor of two independent samples of one law, within 5 s.e. plus the first-order bias estimated from 100 steps
     * (|TV₁₀₀ − TV₂₀₀|); DDIM at w = 1.5, a different law, is far above it.
     */
    @Test
    void cfgDdpmAndPredictorCorrectorAtTwiceTheWeightAgreeIn2d() {
        Mixture target = Mixture.of(List.of(
                new GaussianComponent(0, 0.5, new double[] {1.5, 0.5}, new double[][] {{1.0, 0.4}, {0.4, 0.6}}),
                new GaussianComponent(1, 0.5, new double[] {-1.0, -0.5}, new double[][] {{0.5, -0.2}, {-0.2, 1.0}})));
        double[] tv = new double[2];
        double[] floor = new double[2];
        double se = 0;
        int[] steps = {100, 200};
        for (int k = 0; k < 2; k++) {
            TimeGrid grid = TimeGrid.of(GridSpacing.GEOMETRIC, T, DELTA, steps[k]);
            StudyResult cfg = Studies.run(target, 0, new DdpmAncestral(), PROCESS, grid,
                    List.of(new ClassifierFreeGuidance(1.5)), 61L, 1 << 16, 1 << 15, 2);
            StudyResult pc = Studies.run(target, 0, PredictorCorrector.DEFAULT, PROCESS, grid,
                    List.of(new ClassifierFreeGuidance(3.0)), 62L, 1 << 16, 1 << 15, 2);
            Estimate between = find(cfg.compare(pc, "Between").get(0), "density.tvBetween");
            tv[k] = between.value();
            se = between.stdError();
            floor[k] = find(cfg.compare(pc, "Between").get(0), "density.tvBetweenNoiseFloor").value();
            if (k == 1) {
                StudyResult ddim = Studies.run(target, 0, new Ddim(), PROCESS, grid,
                        List.of(new ClassifierFreeGuidance(1.5)), 63L, 1 << 16, 1 << 15, 2);
                double other = find(cfg.compare(ddim, "Between").get(0), "density.tvBetween").value();
                System.out.printf("CFG-DDPM against CFG-DDIM at w=1.5: TV %.5f%n", other);
                assertTrue(other > floor[k] + 10 * se, "CFG-DDIM is another law: TV " + other + ", floor " + floor[k]);
            }
        }
        double bias = Math.abs(tv[0] - tv[1]);
        System.out.printf("CFG-DDPM w=1.5 against PC w'=3 in 2-D: TV %.5f at 100 steps, %.5f ± %.5f at 200 (floor %.5f)%n",
                tv[0], tv[1], se, floor[1]);
        assertEquals(floor[1], tv[1], Tolerances.SIGMAS * se + bias, "TV " + tv[1] + " (at 100 steps " + tv[0]
                + "), floor " + floor[1] + ", s.e. " + se);
    }

    private static Estimate find(List<Estimate> list, String name) {
        return list.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(
                name + " in " + list.stream().map(Estimate::name).toList()));
    }
}
