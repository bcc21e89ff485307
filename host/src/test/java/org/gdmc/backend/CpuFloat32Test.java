package org.gdmc.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gdmc.estimate.Estimate;
import org.gdmc.estimate.ReductionKernel;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.guidance.ClassifierGuidance;
import org.gdmc.guidance.Guidance;
import org.gdmc.guidance.ScoreError;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.sampler.GridSpacing;
import org.gdmc.kernel.PathKernel;
import org.gdmc.sampler.ReverseSampler;
import org.gdmc.sampler.StepPlan;
import org.gdmc.sampler.TimeGrid;
import org.gdmc.study.StudyResult;
import org.gdmc.study.StudyRunner;
import org.gdmc.study.StudySpec;
import org.gdmc.mixture.BoxComponent;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.testing.TestMixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CPU backend in float32 ({@code org.gdmc.backend.f32}, generated from the float64 kernels) against itself in
 * float64: the same paths to float rounding, particle by particle, and the same estimates within their errors.
 */
class CpuFloat32Test {
    private static final Mixture GAUSSIANS = Mixture.of(List.of(
            new GaussianComponent(0, 0.3, new double[] {1.5, 0.0, -0.5},
                    new double[][] {{1, 0.3, 0}, {0.3, 0.8, 0.1}, {0, 0.1, 0.5}}),
            GaussianComponent.isotropic(0, 0.2, new double[] {0.0, 2.0, 1.0}, 0.4),
            GaussianComponent.isotropic(1, 0.25, new double[] {-1.5, -1.0, 0.0}, 1.0),
            new GaussianComponent(2, 0.25, new double[] {0.5, -2.0, 1.5},
                    new double[][] {{0.6, 0, 0}, {0, 1.2, 0}, {0, 0, 0.9}})));
    private static final Mixture UNIFORMS = Mixture.of(List.of(
            BoxComponent.interval(0, 0.5, 1, 3), BoxComponent.interval(1, 0.5, -3, -1)));

    private static SimulationSpec spec(Mixture target, String sampler, List<Guidance> sweep, ScoreError err,
                                       int steps) {
        StepPlan plan = new StepPlan(ReverseSampler.byName(sampler), new ForwardProcess(new ConstantSchedule(1.0)),
                TimeGrid.of(GridSpacing.GEOMETRIC, 5.0, 1e-3, steps));
        return new SimulationSpec(target, 0, plan, sweep, err, 20241124L);
    }

    /** Largest |x − y| / (1 + |x|); equal infinities and two NaNs match, anything else against NaN does not. */
    private static double worst(double[] x, double[] y, int n) {
        double w = 0.0;
        for (int i = 0; i < n; i++) {
            if ((Double.isInfinite(x[i]) && x[i] == y[i]) || (Double.isNaN(x[i]) && Double.isNaN(y[i]))) {
                continue;
            }
            double e = Math.abs(x[i] - y[i]) / (1.0 + Math.abs(x[i]));
            w = Double.isNaN(e) ? Double.POSITIVE_INFINITY : Math.max(w, e);
        }
        return w;
    }

    /**
     * Each step does a few dozen float operations per coordinate and component, each off by at most an ulp
     * (2⁻²⁴ ≈ 6e-8 relative), and these guided flows do not amplify errors much over 60 steps: 64 ulps per step,
     * 60·64·2⁻²⁴ ≈ 2.3e-4 relative on the final states and on the posteriors σ(ℓ) (the device's float32 test uses the
     * same bound). The monotone flag may flip where consecutive logits tie to float precision: under 1% of paths.
     * Every final coordinate is a float, and the runs differ: float32 really ran.
     */
    @ParameterizedTest
    @ValueSource(strings = {"euler-maruyama", "exponential-integrator", "ddpm", "probability-flow-heun"})
    void float32PathsAgreeWithFloat64WithinTheirRounding(String sampler) {
        int steps = 60;
        double tol = steps * 64 * Math.ulp(1.0f);
        List<Guidance> sweep = List.of(new ClassifierFreeGuidance(0.0), new ClassifierFreeGuidance(3.0),
                new ClassifierGuidance(2.5));
        ScoreError smoothed = new ScoreError(ScoreError.Kind.SMOOTHED, 0.05, ScoreError.Scope.CONDITIONAL,
                new double[] {1.0});
        for (SimulationSpec spec : List.of(spec(GAUSSIANS, sampler, sweep, ScoreError.NONE, steps),
                spec(UNIFORMS, sampler, sweep, smoothed, steps))) {
            int count = 2048;
            int d = spec.target().dimension();
            ParticleBatch a = new ParticleBatch(sweep.size(), d, count);
            ParticleBatch b = new ParticleBatch(sweep.size(), d, count);
            a.reset(5, count);
            b.reset(5, count);
            try (CpuBackend f64 = new CpuBackend(0); CpuBackend f32 = new CpuBackend(0, true)) {
                f64.simulate(spec, a);
                f32.simulate(spec, b);
            }
            double worstState = 0.0;
            double worstPosterior = 0.0;
            int flips = 0;
            for (int g = 0; g < sweep.size(); g++) {
                worstState = Math.max(worstState, worst(a.states(g), b.states(g), count * d));
                for (int i = 0; i < count * d; i++) {
                    double x = b.states(g)[i];
                    assertEquals(x, (double) (float) x, "state " + i + " is a float");
                }
                for (int i = 0; i < count; i++) {
                    for (int k : new int[] {PathKernel.OBS_DATA_LOGIT, PathKernel.OBS_START_LOGIT,
                        PathKernel.OBS_END_LOGIT}) {
                        int at = i * PathKernel.OBS_LENGTH + k;
                        worstPosterior = Math.max(worstPosterior, Math.abs(
                                ReductionKernel.sigmoid(a.observables(g)[at])
                                        - ReductionKernel.sigmoid(b.observables(g)[at])));
                    }
                    int m = i * PathKernel.OBS_LENGTH + PathKernel.OBS_MONOTONE;
                    flips += a.observables(g)[m] != b.observables(g)[m] ? 1 : 0;
                }
            }
            String what = sampler + " " + spec.target().describe();
            System.out.printf("cpu %s float32: state %.2e, posterior %.2e, monotone flips %d of %d%n", what,
                    worstState, worstPosterior, flips, count * sweep.size());
            assertTrue(worstState < tol, what + " float32 states: " + worstState + " vs " + tol);
            assertTrue(worstState > 0.0, what + ": float32 and float64 paths differ somewhere");
            assertTrue(worstPosterior < tol, what + " float32 posteriors: " + worstPosterior + " vs " + tol);
            assertTrue(flips < 0.01 * count * sweep.size(), what + " monotone flips: " + flips);
        }
    }

    /**
     * float32 paths, float64 reductions: every estimate within one standard error of the float64 run's, for uniforms
     * (the generated float32 kernel) and for two Gaussians at (±2, 0) (the float32 lanes, where the JVM has them).
     */
    @Test
    void float32StudyEstimatesAgreeWithFloat64WithinTheirErrors() {
        List<Guidance> sweep = List.of(new ClassifierFreeGuidance(0.0), new ClassifierFreeGuidance(7.0));
        for (SimulationSpec sim : List.of(spec(UNIFORMS, "euler-maruyama", sweep, ScoreError.NONE, 100),
                spec(TestMixtures.symmetricPair(new double[] {2.0, 0.0}), "euler-maruyama", sweep, ScoreError.NONE,
                        100))) {
            StudySpec study = new StudySpec(sim, 20_000, 8192);
            StudyResult f64;
            StudyResult f32;
            try (CpuBackend b = new CpuBackend(0)) {
                f64 = new StudyRunner(b).run(study, (x, y, z) -> { });
            }
            try (CpuBackend b = new CpuBackend(0, true)) {
                f32 = new StudyRunner(b).run(study, (x, y, z) -> { });
            }
            int compared = 0;
            for (int g = 0; g < 2; g++) {
                for (Estimate e : f64.results().get(g).estimates()) {
                    Estimate f = f32.results().get(g).find(e.name());
                    if (Double.isFinite(e.value()) && e.stdError() > 0) {
                        assertEquals(e.value(), f.value(), e.stdError(),
                                sim.target().describe() + " " + e.name() + " at guidance " + g);
                        compared++;
                    }
                }
            }
            assertTrue(compared > 50, "compared " + compared + " estimates");
        }
    }

    @Test
    void theProviderOpensFloat32AndSaysSo() {
        BackendProvider cpu = new CpuBackendProvider();
        assertEquals(BackendOptions.Precision.FLOAT64, cpu.defaultPrecision());
        try (Backend b = cpu.open(new BackendOptions(1, 0, BackendOptions.Precision.FLOAT32))) {
            assertTrue(b.deviceName().contains(", float32"), b.deviceName());
        }
        try (Backend b = cpu.open(new BackendOptions(1, 0, BackendOptions.Precision.FLOAT64))) {
            assertTrue(b.deviceName().contains(", float64"), b.deviceName());
        }
    }

    /**
     * The device string recorded with a study's batches names the code that ran it: the one-pass lanes for a pair of
     * Gaussians in either precision, the general lanes in float64 only, the scalar kernel for boxes.
     */
    @Test
    void theDeviceStringSaysWhichPathAStudyTakes() {
        List<Guidance> cfg = List.of(new ClassifierFreeGuidance(1.0));
        SimulationSpec pair = spec(TestMixtures.symmetricPair(new double[] {2.0, 0.0}), "euler-maruyama", cfg,
                ScoreError.NONE, 10);
        Mixture three = Mixture.of(List.of(GaussianComponent.isotropic(0, 0.4, new double[] {1.0}, 1.0),
                GaussianComponent.isotropic(1, 0.3, new double[] {-1.0}, 1.0),
                GaussianComponent.isotropic(1, 0.3, new double[] {-3.0}, 0.5)));
        SimulationSpec general = spec(three, "euler-maruyama", cfg, ScoreError.NONE, 10);
        SimulationSpec boxes = spec(UNIFORMS, "euler-maruyama", cfg, ScoreError.NONE, 10);
        try (CpuBackend f64 = new CpuBackend(1); CpuBackend f32 = new CpuBackend(1, true)) {
            assertTrue(f64.deviceName(pair).endsWith("float64, vector lanes, one-pass pair step"), f64.deviceName(pair));
            assertTrue(f32.deviceName(pair).endsWith("float32, vector lanes, one-pass pair step"), f32.deviceName(pair));
            assertTrue(f64.deviceName(general).endsWith("float64, vector lanes"), f64.deviceName(general));
            assertTrue(f32.deviceName(general).endsWith("float32, scalar kernel"), f32.deviceName(general));
            assertTrue(f64.deviceName(boxes).endsWith("float64, scalar kernel"), f64.deviceName(boxes));
        }
    }
}
