package org.gdmc.backend.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gdmc.backend.SimulationSpec;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.guidance.ClassifierGuidance;
import org.gdmc.guidance.Guidance;
import org.gdmc.guidance.ScoreError;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.process.LinearSchedule;
import org.gdmc.sampler.DdpmAncestral;
import org.gdmc.sampler.EulerMaruyama;
import org.gdmc.sampler.ExponentialIntegrator;
import org.gdmc.sampler.GridSpacing;
import org.gdmc.kernel.PathKernel;
import org.gdmc.kernel.PathProgram;
import org.gdmc.sampler.ProbabilityFlowHeun;
import org.gdmc.sampler.ReverseSampler;
import org.gdmc.sampler.StepPlan;
import org.gdmc.sampler.TimeGrid;
import org.gdmc.mixture.BoxComponent;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.testing.TestMixtures;
import org.junit.jupiter.api.Test;

/**
 * The fused vector path against the scalar {@link PathKernel}, particle by particle: the same noise and maths, so the
 * final states and logits agree to rounding and the monotone flags exactly; and a particle's path does not depend on
 * where its row starts.
 */
class DiagonalMixturePathsTest {
    private static final ForwardProcess OU = new ForwardProcess(new ConstantSchedule(1.0));

    /** The reference study: two unit Gaussians at (±2, 0), CFG w = 0 and 1, EM, 200 uniform steps. */
    @Test
    void referenceStudyMatchesThePathKernel() {
        Mixture target = TestMixtures.symmetricPair(new double[] {2.0, 0.0});
        SimulationSpec spec = spec(target, 0, new EulerMaruyama(), OU, TimeGrid.of(GridSpacing.UNIFORM, 5.0, 1e-3, 200),
                List.of(new ClassifierFreeGuidance(0.0), new ClassifierFreeGuidance(1.0)), 7L);
        assertNotNull(DiagonalMixturePaths.of(spec).pair, "one Gaussian per group: the pair tables");
        assertMatchesPathKernel(spec, 0L, 203);
    }

    /**
     * One Gaussian per group with different anisotropic covariances, so ℓ is a true quadratic (q ≠ 0), one of them
     * narrow; classifier guidance and CFG, DDPM on a linear schedule, odd d, particles across 2³².
     */
    @Test
    void twoGaussiansOfDifferentShapes() {
        Mixture target = Mixture.of(List.of(
                new GaussianComponent(0, 0.3, new double[] {1.0, 0.5, -0.2}, diagonal(0.02, 0.5, 1.5)),
                new GaussianComponent(1, 0.7, new double[] {-1.0, 0.0, 0.4}, diagonal(0.4, 2.0, 0.7))));
        ForwardProcess vp = new ForwardProcess(new LinearSchedule(0.1, 20.0));
        TimeGrid grid = TimeGrid.of(GridSpacing.GEOMETRIC, 1.0, 1e-3, 80);
        SimulationSpec spec = spec(target, 0, new DdpmAncestral(), vp, grid,
                List.of(new ClassifierGuidance(3.0), new ClassifierFreeGuidance(0.5), new ClassifierFreeGuidance(8.0)),
                11L);
        assertNotNull(DiagonalMixturePaths.of(spec).pair);
        assertMatchesPathKernel(spec, (1L << 32) - 20, 61);
    }

    /**
     * Groups of several components (the guided class owns two), anisotropic diagonal covariances, classifier
     * guidance, DDPM on a linear schedule, odd d (the last normal pair half used), particles across 2³².
     */
    @Test
    void severalComponentsPerClassAndClassifierGuidance() {
        Mixture target = Mixture.of(List.of(
                new GaussianComponent(0, 0.3, new double[] {1.0, 0.5, -0.2}, diagonal(1.0, 0.5, 0.8)),
                new GaussianComponent(1, 0.2, new double[] {-1.0, 0.0, 0.4}, diagonal(0.4, 2.0, 0.7)),
                new GaussianComponent(1, 0.25, new double[] {0.0, -1.5, 1.0}, diagonal(0.6, 0.9, 1.2)),
                new GaussianComponent(2, 0.25, new double[] {2.0, 2.0, 2.0}, diagonal(0.05, 0.05, 0.05))));
        ForwardProcess vp = new ForwardProcess(new LinearSchedule(0.1, 20.0));
        SimulationSpec spec = spec(target, 1, new DdpmAncestral(), vp, TimeGrid.of(GridSpacing.GEOMETRIC, 1.0, 1e-3, 60),
                List.of(new ClassifierGuidance(1.0), new ClassifierGuidance(4.0), new ClassifierFreeGuidance(3.0)),
                -5L);
        assertNull(DiagonalMixturePaths.of(spec).pair, "several components per group: the general tables");
        assertMatchesPathKernel(spec, (1L << 32) - 40, 77);
    }

    /** A class that owns every component (ℓ = +∞, guidance has nothing to push against), d = 5, the exponential integrator. */
    @Test
    void classOwningEveryComponent() {
        double[] a = {1.0, -1.0, 0.5, 0.0, 2.0};
        double[] b = {-1.0, 1.0, 0.0, 0.5, -2.0};
        Mixture target = Mixture.of(List.of(GaussianComponent.isotropic(0, 0.5, a, 0.3),
                GaussianComponent.isotropic(0, 0.5, b, 2.0)));
        SimulationSpec spec = spec(target, 0, new ExponentialIntegrator(), OU,
                TimeGrid.of(GridSpacing.GEOMETRIC, 4.0, 1e-3, 40), List.of(new ClassifierFreeGuidance(2.0)), 3L);
        assertMatchesPathKernel(spec, 12L, 50);
    }

    @Test
    void pathDoesNotDependOnWhereTheRowStarts() {
        Mixture target = TestMixtures.symmetricPair(new double[] {2.0, 0.0});
        SimulationSpec spec = spec(target, 0, new EulerMaruyama(), OU, TimeGrid.of(GridSpacing.UNIFORM, 5.0, 1e-3, 50),
                List.of(new ClassifierFreeGuidance(1.0)), 9L);
        DiagonalMixturePaths paths = DiagonalMixturePaths.of(spec);
        assertNotNull(paths);
        int n = 100;
        double[] whole = new double[2 * n];
        double[] wholeObs = new double[PathKernel.OBS_LENGTH * n];
        paths.simulate(1000L, 0, n, new double[][] {whole}, new double[][] {wholeObs}, paths.newLanes());
        double[] split = new double[2 * n];
        double[] splitObs = new double[PathKernel.OBS_LENGTH * n];
        PathLanes lanes = paths.newLanes();
        paths.simulate(1000L, 0, 37, new double[][] {split}, new double[][] {splitObs}, lanes);
        paths.simulate(1000L, 37, n, new double[][] {split}, new double[][] {splitObs}, lanes);
        assertArrayEquals(whole, split);
        assertArrayEquals(wholeObs, splitObs);
        double[] shifted = new double[2 * (n - 37)];
        double[] shiftedObs = new double[PathKernel.OBS_LENGTH * (n - 37)];
        paths.simulate(1037L, 0, n - 37, new double[][] {shifted}, new double[][] {shiftedObs}, paths.newLanes());
        for (int i = 0; i < n - 37; i++) {
            assertEquals(whole[2 * (37 + i)], shifted[2 * i], 0.0);
            assertEquals(wholeObs[PathKernel.OBS_LENGTH * (37 + i)], shiftedObs[PathKernel.OBS_LENGTH * i], 0.0);
        }
    }

    @Test
    void onlyDiagonalGaussiansWithExactScoresAndAStochasticSampler() {
        TimeGrid grid = TimeGrid.of(GridSpacing.UNIFORM, 5.0, 1e-3, 10);
        List<Guidance> cfg = List.of(new ClassifierFreeGuidance(1.0));
        Mixture pair = TestMixtures.symmetricPair(new double[] {2.0, 0.0});
        assertTrue(DiagonalMixturePaths.supports(spec(pair, 0, new EulerMaruyama(), OU, grid, cfg, 1L)));
        assertFalse(DiagonalMixturePaths.supports(
                spec(TestMixtures.threeClassFullCovariance(), 0, new EulerMaruyama(), OU, grid, cfg, 1L)));
        Mixture box = Mixture.of(List.of(new BoxComponent(0, 0.5, new double[] {0.0}, new double[] {1.0}),
                GaussianComponent.isotropic(1, 0.5, new double[] {-2.0}, 1.0)));
        assertFalse(DiagonalMixturePaths.supports(spec(box, 0, new EulerMaruyama(), OU, grid, cfg, 1L)));
        assertFalse(DiagonalMixturePaths.supports(spec(pair, 0, new ProbabilityFlowHeun(), OU, grid, cfg, 1L)));
        SimulationSpec erred = new SimulationSpec(pair, 0, new StepPlan(new EulerMaruyama(), OU, grid), cfg,
                new ScoreError(ScoreError.Kind.BIAS, 0.1, ScoreError.Scope.BOTH, new double[] {1.0, 0.0}), 1L);
        assertFalse(DiagonalMixturePaths.supports(erred));
        String before = System.getProperty(VectorSupport.PROPERTY);
        try {
            System.setProperty(VectorSupport.PROPERTY, "false");
            assertNull(DiagonalMixturePaths.of(spec(pair, 0, new EulerMaruyama(), OU, grid, cfg, 1L)));
        } finally {
            if (before == null) {
                System.clearProperty(VectorSupport.PROPERTY);
            } else {
                System.setProperty(VectorSupport.PROPERTY, before);
            }
        }
    }

    private static void assertMatchesPathKernel(SimulationSpec spec, long first, int count) {
        DiagonalMixturePaths paths = DiagonalMixturePaths.of(spec);
        assertNotNull(paths, "the Vector API is on the test JVM's module path (surefire's argLine)");
        int d = spec.target().dimension();
        int obsLength = PathKernel.OBS_LENGTH;
        PathProgram program = spec.program();
        double[] work = new double[PathKernel.workLength(d)];
        long[] words = new long[PathKernel.wordsLength()];
        int changed = 0;
        int guidances = spec.guidances().size();
        double[][] sweepStates = new double[guidances][count * d];
        double[][] sweepObs = new double[guidances][count * obsLength];
        paths.simulate(first, 0, count, sweepStates, sweepObs, paths.newLanes());
        for (int g = 0; g < guidances; g++) {
            Guidance guidance = spec.guidances().get(g);
            double[] states = new double[count * d];
            double[] obs = new double[count * obsLength];
            DiagonalMixturePaths alone = DiagonalMixturePaths.of(new SimulationSpec(spec.target(), spec.cls(),
                    spec.plan(), List.of(guidance), spec.seed()));
            alone.simulate(first, 0, count, new double[][] {states}, new double[][] {obs}, alone.newLanes());
            // the sweep (the pair step's paths in lockstep, one noise for all) is each guidance's path, bit for bit
            assertArrayEquals(states, sweepStates[g], guidance.describe() + " states, sweep vs one guidance");
            assertArrayEquals(obs, sweepObs[g], guidance.describe() + " observables, sweep vs one guidance");
            double[] state = new double[d];
            double[] expected = new double[obsLength];
            for (int i = 0; i < count; i++) {
                PathKernel.simulate(program.codes(), program.tables(), program.params(), program.meta(), g,
                        spec.seed(), first + i, state, 0, expected, 0, work, 0, words, 0);
                String at = guidance.describe() + " particle " + (first + i);
                for (int j = 0; j < d; j++) {
                    assertEquals(state[j], states[i * d + j], 1e-9 * (1 + Math.abs(state[j])), at + " x" + j);
                }
                for (int k = 0; k < PathKernel.OBS_MONOTONE; k++) {
                    double e = expected[k];
                    double actual = obs[i * obsLength + k];
                    if (Double.isInfinite(e)) {
                        assertEquals(e, actual, at + " observable " + k);
                    } else {
                        assertEquals(e, actual, 1e-9 * (1 + Math.abs(e)), at + " observable " + k);
                    }
                }
                assertEquals(expected[PathKernel.OBS_MONOTONE], obs[i * obsLength + PathKernel.OBS_MONOTONE],
                        at + " monotone");
                changed += expected[PathKernel.OBS_MONOTONE] == 1.0 ? 0 : 1;
            }
        }
        assertTrue(changed > 0 || spec.guidances().size() == 1, "some paths are not monotone, so the flag is tested");
    }

    private static SimulationSpec spec(Mixture target, int cls, ReverseSampler sampler, ForwardProcess process,
                                       TimeGrid grid, List<Guidance> guidances, long seed) {
        return new SimulationSpec(target, cls, new StepPlan(sampler, process, grid), guidances, seed);
    }

    private static double[][] diagonal(double... v) {
        double[][] m = new double[v.length][v.length];
        for (int i = 0; i < v.length; i++) {
            m[i][i] = v[i];
        }
        return m;
    }
}
