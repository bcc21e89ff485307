package org.gdmc.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gdmc.estimate.Estimate;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.guidance.Guidance;
import org.gdmc.guidance.ScoreError;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.sampler.GridSpacing;
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

/**
 * The CPU backend in float32 ({@code org.gdmc.backend.f32}, generated from the float64 kernels) against itself in
 * float64: the same estimates within their errors, and the device string naming the path. (The same paths to float
 * rounding, particle by particle, for every piece: {@link PathContractTest}.)
 */
class CpuFloat32Test {
    private static final Mixture UNIFORMS = Mixture.of(List.of(
            BoxComponent.interval(0, 0.5, 1, 3), BoxComponent.interval(1, 0.5, -3, -1)));

    private static SimulationSpec spec(Mixture target, String sampler, List<Guidance> sweep, ScoreError err,
                                       int steps) {
        StepPlan plan = new StepPlan(ReverseSampler.byName(sampler), new ForwardProcess(new ConstantSchedule(1.0)),
                TimeGrid.of(GridSpacing.GEOMETRIC, 5.0, 1e-3, steps));
        return new SimulationSpec(target, 0, plan, sweep, err, 20241124L);
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
