package org.gdmc.backend.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gdmc.backend.SimulationSpec;
import org.gdmc.backend.f32.FloatArrays;
import org.gdmc.backend.f32.PathKernelF32;
import org.gdmc.kernel.PathProgram;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.guidance.ClassifierGuidance;
import org.gdmc.guidance.Guidance;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.process.LinearSchedule;
import org.gdmc.sampler.DdpmAncestral;
import org.gdmc.sampler.EulerMaruyama;
import org.gdmc.sampler.GridSpacing;
import org.gdmc.sampler.StepPlan;
import org.gdmc.sampler.TimeGrid;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.testing.TestMixtures;
import org.junit.jupiter.api.Test;

/**
 * The float32 lanes against the generated float32 kernel ({@link PathKernelF32}), particle by particle. Both run in
 * float, by different roundings (folded tables, lane exp/log/sin/cos against Java's rounded double functions), so
 * they agree to float rounding: 64 float ulps per step, relative to 1 + |x|, as the device's float32 test allows
 * against float64. The monotone flag may flip where consecutive logits tie to float precision: under 1% of paths.
 */
class PairLanesF32Test {
    private static final ForwardProcess OU = new ForwardProcess(new ConstantSchedule(1.0));

    /** The reference study: two unit Gaussians at (±2, 0), CFG w = 0, 1 and 4, EM, 200 uniform steps. */
    @Test
    void referenceStudyMatchesTheFloat32Kernel() {
        Mixture target = TestMixtures.symmetricPair(new double[] {2.0, 0.0});
        SimulationSpec spec = new SimulationSpec(target, 0, new StepPlan(new EulerMaruyama(), OU,
                TimeGrid.of(GridSpacing.UNIFORM, 5.0, 1e-3, 200)), List.of(new ClassifierFreeGuidance(0.0),
                new ClassifierFreeGuidance(1.0), new ClassifierFreeGuidance(4.0)), 7L);
        assertMatchesFloat32Kernel(spec, 0L, 203);
    }

    /** Unequal anisotropic covariances (ℓ a true quadratic), one narrow; classifier guidance and CFG, DDPM, odd d. */
    @Test
    void twoGaussiansOfDifferentShapes() {
        Mixture target = Mixture.of(List.of(
                new GaussianComponent(0, 0.3, new double[] {1.0, 0.5, -0.2}, diagonal(0.02, 0.5, 1.5)),
                new GaussianComponent(1, 0.7, new double[] {-1.0, 0.0, 0.4}, diagonal(0.4, 2.0, 0.7))));
        SimulationSpec spec = new SimulationSpec(target, 0, new StepPlan(new DdpmAncestral(),
                new ForwardProcess(new LinearSchedule(0.1, 20.0)), TimeGrid.of(GridSpacing.GEOMETRIC, 1.0, 1e-3, 80)),
                List.of(new ClassifierGuidance(3.0), new ClassifierFreeGuidance(0.5), new ClassifierFreeGuidance(8.0)),
                11L);
        assertMatchesFloat32Kernel(spec, (1L << 32) - 20, 61);
    }

    @Test
    void onlyStudiesWithOneGaussianPerGroupHaveFloat32Lanes() {
        Mixture three = Mixture.of(List.of(
                GaussianComponent.isotropic(0, 0.4, new double[] {1.0}, 1.0),
                GaussianComponent.isotropic(1, 0.3, new double[] {-1.0}, 1.0),
                GaussianComponent.isotropic(1, 0.3, new double[] {-3.0}, 0.5)));
        SimulationSpec spec = new SimulationSpec(three, 0, new StepPlan(new EulerMaruyama(), OU,
                TimeGrid.of(GridSpacing.UNIFORM, 5.0, 1e-3, 10)), List.of(new ClassifierFreeGuidance(1.0)), 3L);
        assertFalse(DiagonalMixturePaths.of(spec).hasPairStep());
    }

    private static void assertMatchesFloat32Kernel(SimulationSpec spec, long first, int count) {
        DiagonalMixturePaths paths = DiagonalMixturePaths.of(spec);
        assertNotNull(paths, "the Vector API is on the test JVM's module path (surefire's argLine)");
        assertTrue(paths.hasPairStep());
        int d = spec.target().dimension();
        int obsLength = PathKernelF32.OBS_LENGTH;
        StepPlan plan = spec.plan();
        PathProgram program = spec.program();
        float[] tables = FloatArrays.narrow(program.tables());
        float[] params = FloatArrays.narrow(program.params());
        float[] work = new float[PathKernelF32.workLength(d)];
        long[] words = new long[PathKernelF32.wordsLength()];
        double tol = plan.steps() * 64 * Math.ulp(1.0f);
        double worst = 0.0;
        int flips = 0;
        int guidances = spec.guidances().size();
        double[][] sweepStates = new double[guidances][count * d];
        double[][] sweepObs = new double[guidances][count * obsLength];
        paths.simulateF32(first, 0, count, sweepStates, sweepObs, paths.newLanesF32());
        for (int g = 0; g < guidances; g++) {
            Guidance guidance = spec.guidances().get(g);
            double[] states = new double[count * d];
            double[] obs = new double[count * obsLength];
            DiagonalMixturePaths alone = DiagonalMixturePaths.of(new SimulationSpec(spec.target(), spec.cls(),
                    spec.plan(), List.of(guidance), spec.seed()));
            alone.simulateF32(first, 0, count, new double[][] {states}, new double[][] {obs}, alone.newLanesF32());
            assertArrayEquals(states, sweepStates[g], guidance.describe() + " states, sweep vs one guidance");
            assertArrayEquals(obs, sweepObs[g], guidance.describe() + " observables, sweep vs one guidance");
            float[] state = new float[d];
            float[] expected = new float[obsLength];
            for (int i = 0; i < count; i++) {
                PathKernelF32.simulate(program.codes(), tables, params, program.meta(), g, spec.seed(), first + i,
                        state, 0, expected, 0, work, 0, words, 0);
                String at = guidance.describe() + " particle " + (first + i);
                for (int j = 0; j < d; j++) {
                    double x = states[i * d + j];
                    assertEquals(x, (double) (float) x, at + " x" + j + " is a float");
                    worst = Math.max(worst, Math.abs(x - state[j]) / (1 + Math.abs(state[j])));
                    assertEquals(state[j], x, tol * (1 + Math.abs(state[j])), at + " x" + j);
                }
                for (int k = 0; k < PathKernelF32.OBS_MONOTONE; k++) {
                    double e = expected[k];
                    assertEquals(e, obs[i * obsLength + k], tol * (1 + Math.abs(e)), at + " observable " + k);
                }
                flips += expected[PathKernelF32.OBS_MONOTONE] == obs[i * obsLength + PathKernelF32.OBS_MONOTONE]
                        ? 0 : 1;
            }
        }
        System.out.printf("float32 lanes vs PathKernelF32: worst state %.2e (bound %.2e), monotone flips %d of %d%n",
                worst, tol, flips, count * spec.guidances().size());
        assertTrue(flips < 0.01 * count * spec.guidances().size(), "monotone flips: " + flips);
    }

    private static double[][] diagonal(double... v) {
        double[][] m = new double[v.length][v.length];
        for (int i = 0; i < v.length; i++) {
            m[i][i] = v[i];
        }
        return m;
    }
}
