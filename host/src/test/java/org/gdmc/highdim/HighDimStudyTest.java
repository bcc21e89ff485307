package org.gdmc.highdim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gdmc.backend.CpuBackend;
import org.gdmc.backend.ParticleBatch;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.config.HighDimStudyConfig;
import org.gdmc.estimate.Estimate;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.guidance.Guidance;
import org.gdmc.mixture.Mixture;
import org.gdmc.study.GuidanceResult;
import org.gdmc.study.ProgressListener;
import org.gdmc.study.StudyResult;
import org.gdmc.testing.TestMixtures;
import org.junit.jupiter.api.Test;

/**
 * Large-mixture studies against closed forms and independent computations, at 5 standard errors.
 */
class HighDimStudyTest {
    /** Two antipodal isotropic Gaussians ±ρu (unit variance) in d dimensions, class 0 guided. */
    static ObjectNode pair(int d, double rho, String method, int steps, String w, long particles, int threads) {
        String yaml = """
                name: pair
                target:
                  type: random-mixture
                  dimension: %d
                  components: 2
                  classes: 2
                  means: {law: antipodal, norm: %s}
                guidance: {type: classifier-free, w: %s}
                process: {schedule: constant, beta: 1.0}
                sampler: {method: %s, steps: %d, T: 6.0, delta: 0.001}
                particles: %d
                seed: 5
                threads: %d
                """.formatted(d, rho, w, method, steps, particles, threads);
        try {
            return (ObjectNode) new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(yaml);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static StudyResult run(ObjectNode tree) throws InterruptedException {
        return HighDimStudyRunner.run(HighDimStudyConfig.parse(tree, Map.of(), null).spec(), ProgressListener.NONE);
    }

    static void within(double expected, Estimate e, double sigmas, String what) {
        assertTrue(Math.abs(e.value() - expected) <= sigmas * e.stdError(), what + ": " + e.value() + " ± "
                + e.stdError() + " against " + expected);
    }

    /** E σ(2ρA) for A ~ N(ρ, 1): the mean posterior of the guided class under the class law, by quadrature. */
    static double meanPosterior(double rho) {
        double sum = 0.0;
        double h = 1e-3;
        for (double z = -12; z <= 12; z += h) {
            double a = rho + z;
            sum += Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) * h / (1.0 + Math.exp(-2 * rho * a));
        }
        return sum;
    }

    @Test
    void theExactRowMatchesTheClassLawsClosedForms() throws InterruptedException {
        double rho = 1.2;
        StudyResult r = run(pair(32, rho, "ddpm", 4, "[0]", 40_000, 0));
        GuidanceResult exact = r.results().get(0);
        assertEquals("exact class law", exact.guidance());
        // the Bayes classifier between ±ρu with equal weights: x·u > 0, correct with probability Φ(ρ)
        double phi = 0.5 * org.gdmc.mixture.NormalIntervals.erfcx(-rho / Math.sqrt(2.0)) * Math.exp(-0.5 * rho * rho);
        within(phi, exact.find("hd.accuracy"), 5, "accuracy");
        within(meanPosterior(rho), exact.find("hd.posterior"), 5, "posterior");
        within(0.0, exact.find("hd.overshoot"), 5, "overshoot");
        within(1.0, exact.find("hd.varianceRatio.along"), 5, "variance along");
        within(1.0, exact.find("hd.varianceRatio.across"), 5, "variance across");
        // half the particles of class 0 land nearer component 1 with probability 1 − Φ(ρ): TV = that mass
        within(1.0 - phi, exact.find("hd.componentTV"), 5, "component TV");
    }

    @Test
    void atW0TheSamplerReachesTheClassLawAtTheSlicedW2Floor() throws InterruptedException {
        StudyResult r = run(pair(16, 2.0, "exponential-integrator", 400, "[0]", 16_384, 0));
        Estimate floor = r.results().get(0).find("hd.slicedW2.squared");
        Estimate sampled = r.results().get(1).find("hd.slicedW2.squared");
        double se = Math.hypot(floor.stdError(), sampled.stdError());
        assertTrue(Math.abs(sampled.value() - floor.value()) <= 5 * se, sampled + " against the floor " + floor);
        within(0.0, r.results().get(1).find("hd.overshoot"), 5, "overshoot at w = 0");
        within(1.0, r.results().get(1).find("hd.varianceRatio.along"), 5, "variance along at w = 0");
        // a shifted law is far above the floor: the check has power
        StudyResult far = run(pair(16, 2.0, "exponential-integrator", 400, "[3]", 16_384, 0));
        Estimate guided = far.results().get(1).find("hd.slicedW2.squared");
        assertTrue(guided.value() - floor.value() > 10 * Math.hypot(floor.stdError(), guided.stdError()),
                guided + " against the floor " + floor);

        // the plane's picture: every particle counted once per row, and the TV of the projection to the exact row's
        // at its noise floor at w = 0, far above it under guidance
        assertEquals(2, r.densityMaps().size());
        for (org.gdmc.estimate.DensityMap map : r.densityMaps()) {
            assertEquals(16_384, map.total());
            assertEquals("u1.x", map.axes()[0]);
        }
        Estimate tv = r.results().get(1).find("plane.tvClassLaw");
        Estimate tvFloor = r.results().get(1).find("plane.tvClassLawNoiseFloor");
        Estimate tvFar = far.results().get(1).find("plane.tvClassLaw");
        Estimate tvFarFloor = far.results().get(1).find("plane.tvClassLawNoiseFloor");
        System.out.printf("plane TV at w = 0: %s (floor %s); at w = 3: %s (floor %s)%n", tv, tvFloor, tvFar,
                tvFarFloor);
        assertTrue(Math.abs(tv.value() - tvFloor.value()) <= 5 * Math.hypot(tv.stdError(), tvFloor.stdError()),
                tv + " against its floor " + tvFloor);
        assertTrue(tvFar.value() - tvFarFloor.value() > 10 * Math.hypot(tvFar.stdError(), tvFarFloor.stdError()),
                tvFar + " against its floor " + tvFarFloor);
        assertEquals(0.0, r.results().get(0).find("plane.outsideGrid").value(), 0.0);
    }

    /**
     * The w = 0 overshoot of the reverse SDE for N(ρ, 1) along u (unit variance, so V_t = 1), started from N(0, 1) at
     * T = 6 rather than the forward marginal N(α_T ρ, 1): the offset e = y − α_t ρ obeys de/dτ = −β e, so the start's
     * −α_T ρ arrives at δ as −α_T² ρ/α_δ, and the mean is α_δ ρ − α_T² ρ/α_δ.
     */
    static double classConditionalOvershoot(org.gdmc.process.ForwardProcess process, double rho) {
        double a = process.alpha(0.001);
        double aT = process.alpha(6.0);
        return a * rho - aT * aT * rho / a - rho;
    }

    /**
     * The exact continuous-time references along u ({@link PairReduction}): at w = 0 the reverse SDE's law at δ is
     * Gaussian with the mean {@link #classConditionalOvershoot} and variance α_δ² + σ_δ² along u, in closed form;
     * under CFG the sampled
     * overshoot (exponential integrator, 400 steps) meets the exact one within 5 s.e., and the sampled change of the
     * variance along u from w = 0 meets the exact change.
     */
    @Test
    void theExactDynamicsAlongUMeetTheClosedFormAndTheSampledValues() throws InterruptedException {
        double rho = 2.0;
        StudyResult r = run(pair(8, rho, "exponential-integrator", 400, "[0, 3]", 20_000, 0));
        var process = new org.gdmc.process.ForwardProcess(new org.gdmc.process.ConstantSchedule(1.0));
        double a = process.alpha(0.001);
        double s2 = process.sigma2(0.001);
        GuidanceResult w0 = r.results().get(1);
        GuidanceResult w3 = r.results().get(2);
        assertEquals(classConditionalOvershoot(process, rho), w0.find("hd.overshoot.exactDynamics").value(), 1e-4);
        assertEquals(a * a + s2, w0.find("hd.varianceRatio.along.exactDynamics").value(), 1e-4);
        Estimate exact = w3.find("hd.overshoot.exactDynamics");
        within(exact.value(), w3.find("hd.overshoot"), 5, "CFG's overshoot at w = 3");
        assertTrue(exact.value() > 10 * w3.find("hd.overshoot").stdError(), "the guided overshoot is far from 0: "
                + exact);
        double sampledChange = w3.find("hd.varianceRatio.along").value() - w0.find("hd.varianceRatio.along").value();
        double exactChange = w3.find("hd.varianceRatio.along.exactDynamics").value()
                - w0.find("hd.varianceRatio.along.exactDynamics").value();
        double se = Math.hypot(w3.find("hd.varianceRatio.along").stdError(),
                w0.find("hd.varianceRatio.along").stdError());
        System.out.printf("variance along u: sampled change %.4f, exact %.4f (s.e. %.4f); overshoot %s vs %s%n",
                sampledChange, exactChange, se, w3.find("hd.overshoot"), exact);
        assertTrue(Math.abs(sampledChange - exactChange) <= 5 * se, sampledChange + " against " + exactChange);
        assertTrue(exactChange < -10 * se, "CFG narrows the law along u: " + exactChange);
        // the exact row and a form without a reduction carry none
        assertTrue(r.results().get(0).estimates().stream().noneMatch(e -> e.name().endsWith("exactDynamics")));
    }

    /**
     * Means 80 standard deviations apart, which a fixed grid could not resolve, are resolved on the grid that moves
     * with the class mean: at w = 0 the closed form within 1e-4. Under w = −1 (the unconditional score) half the mass
     * goes to the other class's mode, off that grid: NaN with a note, never a wrong number. A mixture that does not
     * reduce (four components) carries no such values.
     */
    @Test
    void farApartMeansAreResolvedAndWhatIsNotIsSaid() throws InterruptedException {
        double rho = 40.0;
        StudyResult far = run(pair(2, rho, "ddpm", 10, "[0, -1]", 2_048, 0));
        var process = new org.gdmc.process.ForwardProcess(new org.gdmc.process.ConstantSchedule(1.0));
        double a = process.alpha(0.001);
        assertEquals(classConditionalOvershoot(process, rho),
                far.results().get(1).find("hd.overshoot.exactDynamics").value(), 1e-4);
        assertEquals(a * a + process.sigma2(0.001),
                far.results().get(1).find("hd.varianceRatio.along.exactDynamics").value(), 1e-4);
        for (String name : new String[] {"hd.overshoot.exactDynamics", "hd.varianceRatio.along.exactDynamics"}) {
            Estimate e = far.results().get(2).find(name);
            assertTrue(Double.isNaN(e.value()) && e.note().startsWith("not resolved") && e.note().contains("walls"),
                    e.toString());
        }
        ObjectNode four = pair(8, 2.0, "ddpm", 10, "[2]", 2_048, 0);
        ((ObjectNode) four.get("target")).put("components", 4);
        assertTrue(run(four).results().get(1).estimates().stream().noneMatch(e -> e.name().endsWith(
                "exactDynamics")));
    }

    /**
     * Along u the guided dynamics of the antipodal pair are the 1-D pair's (the orthogonal coordinates see the same
     * score −y under every class): the overshoot and the variance along u equal the 1-D study's mean and variance,
     * computed here by the general per-particle kernel in d = 1.
     */
    @Test
    void guidedOvershootAndVarianceAlongUMatchTheOneDimensionalPair() throws InterruptedException {
        double rho = 2.0;
        int n = 20_000;
        StudyResult r = run(pair(24, rho, "euler-maruyama", 200, "[0, 4]", n, 0));
        GuidanceResult cfg = r.results().get(2);
        Mixture line = TestMixtures.symmetricPair(new double[] {rho});
        var plan = new org.gdmc.sampler.StepPlan(new org.gdmc.sampler.EulerMaruyama(),
                new org.gdmc.process.ForwardProcess(new org.gdmc.process.ConstantSchedule(1.0)),
                org.gdmc.sampler.TimeGrid.of(org.gdmc.sampler.GridSpacing.UNIFORM,
                        new org.gdmc.process.ForwardProcess(new org.gdmc.process.ConstantSchedule(1.0)), 6.0, 0.001,
                        200));
        List<Guidance> g = List.of(new ClassifierFreeGuidance(4.0));
        ParticleBatch batch = new ParticleBatch(1, 1, n);
        batch.reset(1_000_000L, n);
        try (CpuBackend cpu = new CpuBackend(0)) {
            cpu.simulate(new SimulationSpec(line, 0, plan, g, 99L), batch);
        }
        double mean = 0.0;
        for (int i = 0; i < n; i++) {
            mean += batch.states(0)[i];
        }
        mean /= n;
        double var = 0.0;
        for (int i = 0; i < n; i++) {
            var += (batch.states(0)[i] - mean) * (batch.states(0)[i] - mean);
        }
        var /= n - 1;
        Estimate over = cfg.find("hd.overshoot");
        Estimate along = cfg.find("hd.varianceRatio.along");
        double seMean = Math.sqrt(var / n);
        assertTrue(Math.abs(over.value() - (mean - rho)) <= 5 * Math.hypot(over.stdError(), seMean),
                over + " against " + (mean - rho) + " ± " + seMean);
        double seVar = var * Math.sqrt(2.0 / n);
        assertTrue(Math.abs(along.value() - var) <= 5 * Math.hypot(along.stdError(), seVar),
                along + " against " + var + " ± " + seVar);
        assertTrue(over.value() > 10 * over.stdError(), "CFG at w = 4 overshoots: " + over);
        // across u guidance changes nothing: the spread is the unguided sampler's (whose own discretisation error
        // puts it 1% above the class law's at 200 Euler-Maruyama steps)
        within(r.results().get(1).find("hd.varianceRatio.across").value(), cfg.find("hd.varianceRatio.across"), 5,
                "variance across");
    }

    @Test
    void theResultDoesNotDependOnTheThreadCount() throws InterruptedException {
        StudyResult one = run(pair(40, 1.0, "ddpm", 20, "[0, 2]", 3_000, 1));
        StudyResult two = run(pair(40, 1.0, "ddpm", 20, "[0, 2]", 3_000, 2));
        for (int row = 0; row < one.results().size(); row++) {
            List<Estimate> a = one.results().get(row).estimates();
            List<Estimate> b = two.results().get(row).estimates();
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).value(), b.get(i).value(), 0.0, a.get(i).name());
                assertEquals(a.get(i).stdError(), b.get(i).stdError(), 0.0, a.get(i).name());
            }
        }
    }
}
