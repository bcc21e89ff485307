package org.gdmc.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gdmc.backend.BackendOptions;
import org.gdmc.backend.CpuBackend;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.check.Bounds;
import org.gdmc.estimate.Estimate;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.guidance.Guidance;
import org.gdmc.mixture.Mixture;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.sampler.DdpmAncestral;
import org.gdmc.sampler.EulerMaruyama;
import org.gdmc.sampler.GridSpacing;
import org.gdmc.sampler.ReverseSampler;
import org.gdmc.sampler.StepPlan;
import org.gdmc.sampler.TimeGrid;
import org.gdmc.smc.Island;
import org.gdmc.smc.IslandEngine;
import org.gdmc.smc.IslandComparison;
import org.gdmc.smc.SmcOptions;
import org.gdmc.smc.SmcRunner;
import org.gdmc.smc.SmcTarget;
import org.gdmc.smc.WeightRule;
import org.gdmc.study.ProgressListener;
import org.gdmc.study.StudyResult;
import org.gdmc.study.StudyRunner;
import org.gdmc.study.StudySpec;
import org.gdmc.testing.TestMixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * SMC islands on the device (PoCL here) against the CPU's {@link Island}, island by island and particle by particle:
 * the same noise, uniforms, weights, resampling decisions, ancestors and Langevin moves, so every figure agrees to the
 * rounding of gdmc's own exp/log against Java's (and the device's fused multiply-adds). Each case makes its islands
 * resample and move, so every phase is compared. The one-dimensional cases share one compiled engine, which also
 * checks that loading another program into it ({@link DeviceIslands#load}) runs that program.
 */
@DisabledIfSystemProperty(named = "tornado.virtual.device", matches = "(?i)true")
class DeviceIslandsTest {
    /**
     * Per particle and per estimate, relative to 1 + |CPU value| ({@link Bounds#SMC_ISLANDS}): on these smooth Gaussian
     * targets the rounding of gdmc's exp/log against Java's grows little over 20 steps and a few moves.
     */
    private static final double REL = Bounds.SMC_ISLANDS;
    private static final ForwardProcess OU = new ForwardProcess(new ConstantSchedule(1.0));

    private static SimulationSpec sim(Mixture target, ReverseSampler sampler, double w, boolean exactStart,
                                      int steps) {
        TimeGrid grid = TimeGrid.of(GridSpacing.GEOMETRIC, OU, 5.0, 1e-3, steps);
        List<Guidance> g = List.of(new ClassifierFreeGuidance(w));
        return new SimulationSpec(target, 0, new StepPlan(sampler, OU, grid, exactStart), g, 31L);
    }

    private static TornadoBackend device() {
        return (TornadoBackend) new TornadoBackendProvider().open(new BackendOptions(0, 0,
                BackendOptions.Precision.FLOAT64));
    }

    /**
     * The backend of the one-dimensional cases: its island engine, compiled once, runs each case's program (another
     * sampler, start, weight rule and study), as a sweep's studies share it.
     */
    private static TornadoBackend shared;

    private static synchronized TornadoBackend shared() {
        if (shared == null) {
            shared = device();
        }
        return shared;
    }

    @AfterAll
    static void closeShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    /**
     * The islands on the backend's engine against the CPU's ({@link IslandComparison}); asserts that they agree and
     * that the case resampled (and moved, with moves). Returns the largest relative difference.
     */
    private static double compare(TornadoBackend backend, SimulationSpec sim, SmcOptions options, long first,
                                  int islands) {
        long before = backend.kernelNanos();
        IslandComparison c;
        try (IslandEngine engine = backend.islands(sim, SmcRunner.proposalProgram(sim, options), options, islands)) {
            assertEquals(islands, engine.capacity());
            c = IslandComparison.of(sim, options, engine, 0, first, islands);
        }
        assertTrue(backend.kernelNanos() > before, "the device ran the islands");
        assertEquals(0, c.resamplings(), "islands resampling a different number of times");
        assertEquals(0, c.moves(), "islands accepting a different number of moves");
        assertEquals(0, c.finite(), "values finite on one side only");
        assertTrue(c.agrees());
        assertTrue(c.worst() < REL, "device islands off the CPU's by " + c.worst() + " (" + c.worstQuantity()
                + ", island " + c.worstIsland() + ")");
        assertTrue(c.resampled() > 0, "the case resamples");
        assertTrue(options.moves() == 0 || c.accepted() > 0, "the case moves particles");
        return c.worst();
    }

    @Test
    void exactWeightsWithMovesFollowTheCpu() {
        SimulationSpec s = sim(TestMixtures.symmetricPair(new double[] {2.0}), new EulerMaruyama(), 1.0, false, 20);
        double worst = compare(shared(), s, new SmcOptions(1024, 0.5, WeightRule.EXACT, false, 2), 5L, 3);
        System.out.println("SMC islands on the device, exact weights and 2 moves: worst relative difference " + worst);
    }

    @Test
    void feynmanKacWeightsFromTheExactStartFollowTheCpu() {
        SimulationSpec s = sim(TestMixtures.symmetricPair(new double[] {2.0}), new DdpmAncestral(), 4.0, true, 20);
        double worst = compare(shared(), s, new SmcOptions(1024, 0.9, WeightRule.FEYNMAN_KAC, false, 0), 0L, 3);
        System.out.println("SMC islands on the device, Feynman-Kac weights: worst relative difference " + worst);
    }

    @Test
    void anAnnealedLawInTwoDimensionsFollowsTheCpu() {
        SimulationSpec s = sim(TornadoBackendTest.gaussians(), new DdpmAncestral(), 2.0, false, 15);
        SmcOptions options = new SmcOptions(1024, 0.7, WeightRule.EXACT, false, 1,
                new SmcTarget(SmcTarget.Kind.ANNEALED, 2.0));
        double worst;
        try (TornadoBackend backend = device()) {
            worst = compare(backend, s, options, 2L, 2);
        }
        System.out.println("SMC islands on the device, annealed law in 2-D: worst relative difference " + worst);
    }

    /** A whole SMC study on the device: every smc.* estimate as the CPU's, to rounding. */
    @Test
    void anSmcStudyOnTheDeviceGivesTheCpusEstimates() {
        SimulationSpec s = sim(TestMixtures.symmetricPair(new double[] {2.0}), new EulerMaruyama(), 1.0, false, 20);
        StudySpec spec = new StudySpec(s, 24 * 1024, 3 * 1024).withSmc(new SmcOptions(1024, 0.5, WeightRule.EXACT,
                false, 1));
        StudyResult cpu;
        try (CpuBackend b = new CpuBackend(2)) {
            cpu = new StudyRunner(b).run(spec, ProgressListener.NONE);
        }
        TornadoBackend b = shared();
        long before = b.kernelNanos();
        StudyResult dev = new StudyRunner(b).run(spec, ProgressListener.NONE);
        assertTrue(b.kernelNanos() > before, "the device ran the islands");
        List<Estimate> x = cpu.results().get(0).estimates();
        List<Estimate> y = dev.results().get(0).estimates();
        assertEquals(x.size(), y.size());
        int compared = 0;
        for (int i = 0; i < x.size(); i++) {
            String name = x.get(i).name();
            assertEquals(name, y.get(i).name());
            if (!name.startsWith("smc.") || !Double.isFinite(x.get(i).value())) {
                continue;
            }
            assertEquals(x.get(i).value(), y.get(i).value(), REL * (1 + Math.abs(x.get(i).value())), name);
            assertEquals(x.get(i).stdError(), y.get(i).stdError(), REL * (1 + Math.abs(x.get(i).stdError())), name);
            compared++;
        }
        assertTrue(compared > 10, "smc estimates compared: " + compared);
    }
}
