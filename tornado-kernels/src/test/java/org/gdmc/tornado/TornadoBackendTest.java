package org.gdmc.tornado;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.gdmc.backend.Backend;
import org.gdmc.backend.BackendOptions;
import org.gdmc.backend.BackendProvider;
import org.gdmc.backend.BatchSums;
import org.gdmc.backend.Backends;
import org.gdmc.backend.CpuBackend;
import org.gdmc.backend.DeviceBatch;
import org.gdmc.backend.ParticleBatch;
import org.gdmc.backend.Pieces;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.estimate.WorkGroupTree;
import org.gdmc.estimate.Estimate;
import org.gdmc.estimate.EstimatorSet;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.guidance.ClassifierGuidance;
import org.gdmc.guidance.Guidance;
import org.gdmc.guidance.ScoreError;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.rng.Philox4x32;
import org.gdmc.sampler.GridSpacing;
import org.gdmc.kernel.PathKernel;
import org.gdmc.sampler.ReverseSampler;
import org.gdmc.sampler.StepPlan;
import org.gdmc.sampler.TimeGrid;
import org.gdmc.study.GuidanceResult;
import org.gdmc.study.StudyResult;
import org.gdmc.study.StudyRunner;
import org.gdmc.study.StudySpec;
import org.gdmc.mixture.BoxComponent;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.check.Bounds;
import org.gdmc.check.PathAgreement;
import org.gdmc.check.ReductionAgreement;
import org.gdmc.testing.Tolerances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;

/**
 * The device path against the CPU reference, on whatever device TornadoVM sees (PoCL here). The surefire argLine turns
 * bailout recovery off, so a kernel that fails to compile fails these tests rather than running as plain Java, and
 * every test that simulates also checks that the device reported kernel time.
 */
class TornadoBackendTest {
    /** float64 on the device: per-particle agreement with the CPU's scalar kernel to this relative tolerance. */
    private static final double F64_PARTICLE_REL = Tolerances.DEVICE_F64_PATH_REL;
    /**
     * A block's sums against the CPU's: 1024 terms each within 1e-13 of the CPU's, summed in the same order; a mean
     * of logits of size |x|²/σ² (hundreds) carries their absolute deviations, 2e-13 relative seen.
     */
    private static final double BLOCK_SUM_REL = 1e-12;
    /** Steps and particles of the per-particle comparisons. */
    private static final int STEPS = 60;
    private static final int COUNT = 1024;

    private static final Mixture GAUSSIANS = Mixture.of(List.of(
            new GaussianComponent(0, 0.3, new double[] {1.5, 0.0, -0.5}, new double[][] {{1, 0.3, 0}, {0.3, 0.8, 0.1}, {0, 0.1, 0.5}}),
            GaussianComponent.isotropic(0, 0.2, new double[] {0.0, 2.0, 1.0}, 0.4),
            GaussianComponent.isotropic(1, 0.25, new double[] {-1.5, -1.0, 0.0}, 1.0),
            new GaussianComponent(2, 0.25, new double[] {0.5, -2.0, 1.5}, new double[][] {{0.6, 0, 0}, {0, 1.2, 0}, {0, 0, 0.9}})));
    private static final Mixture UNIFORMS = Mixture.of(List.of(
            BoxComponent.interval(0, 0.5, 1, 3), BoxComponent.interval(1, 0.5, -3, -1)));

    static Mixture gaussians() {
        return GAUSSIANS;
    }

    private static BackendProvider provider() {
        BackendProvider p = Backends.find("tornado");
        assertNotNull(p, "the tornado provider is registered");
        assertNull(p.unavailableReason(), "tests run through TornadoVM's argument file");
        return p;
    }

    private static TornadoBackend open() {
        return open(BackendOptions.Precision.FLOAT64);
    }

    private static TornadoBackend open(BackendOptions.Precision precision) {
        return (TornadoBackend) provider().open(new BackendOptions(0, 0, precision));
    }

    private static SimulationSpec spec(Mixture target, String sampler, List<Guidance> sweep, ScoreError err, int steps) {
        StepPlan plan = new StepPlan(ReverseSampler.byName(sampler), new ForwardProcess(new ConstantSchedule(1.0)),
                TimeGrid.of(GridSpacing.GEOMETRIC, 5.0, 1e-3, steps));
        return new SimulationSpec(target, 0, plan, sweep, err, 20241124L);
    }

    /** Where two block-sum arrays first differ by more than rounding, for the failure message. */
    private static String firstDifference(double[] x, double[] y, int blockLength) {
        for (int i = 0; i < x.length; i++) {
            if (PathAgreement.worst(new double[] {x[i]}, new double[] {y[i]}, 1) >= BLOCK_SUM_REL) {
                return " (block " + i / blockLength + ", slot " + i % blockLength + ": cpu " + x[i] + ", device " + y[i]
                        + ")";
            }
        }
        return "";
    }

    /** Every piece a study composes ({@link Pieces}): every sampler, guidance, schedule, score error and component. */
    static List<Pieces.Example> examples() {
        return Pieces.examples(STEPS);
    }

    /**
     * One backend per precision for every example, as a sweep uses one: examples whose programs fit one graph's arrays
     * run on one compiled graph, each loaded in turn, so these comparisons also check every example run on a graph
     * compiled for another (closed after the class, {@link #closeShared}).
     */
    private static final java.util.Map<BackendOptions.Precision, TornadoBackend> SHARED =
            new java.util.EnumMap<>(BackendOptions.Precision.class);

    private static synchronized TornadoBackend shared(BackendOptions.Precision precision) {
        return SHARED.computeIfAbsent(precision, TornadoBackendTest::open);
    }

    @org.junit.jupiter.api.AfterAll
    static synchronized void closeShared() {
        for (var e : SHARED.entrySet()) {
            System.out.printf("%s: %d task graphs for %d examples%n", e.getKey(), e.getValue().graphsBuilt(),
                    examples().size());
            e.getValue().close();
        }
        SHARED.clear();
    }

    /**
     * A graph runs another spec whose program fits its arrays without being built again (a sweep's values), and that
     * spec's particles are the CPU's; a spec of another dimension builds a new graph.
     */
    @Test
    void aFittingSpecRunsOnTheGraphAlreadyCompiled() {
        List<Guidance> first = List.of(new ClassifierFreeGuidance(1.0), new ClassifierFreeGuidance(4.0));
        List<Guidance> second = List.of(new ClassifierFreeGuidance(2.0), new ClassifierFreeGuidance(8.0));
        SimulationSpec a = spec(GAUSSIANS, "ddpm", first, ScoreError.NONE, STEPS);
        SimulationSpec b = spec(GAUSSIANS, "ddpm", second, ScoreError.NONE, STEPS);
        Mixture pair = Mixture.of(List.of(GaussianComponent.isotropic(0, 0.5, new double[] {1.0, 0.5}, 1.0),
                GaussianComponent.isotropic(1, 0.5, new double[] {-1.0, 0.0}, 0.5)));
        SimulationSpec c = spec(pair, "ddpm", first, ScoreError.NONE, STEPS);
        try (TornadoBackend device = open(); CpuBackend cpu = CpuBackend.scalarKernel(0, false)) {
            PathAgreement pa = PathAgreement.of(a, cpu, device, 7, COUNT, F64_PARTICLE_REL);
            assertEquals(1, device.graphsBuilt());
            PathAgreement pb = PathAgreement.of(b, cpu, device, 7, COUNT, F64_PARTICLE_REL);
            assertEquals(1, device.graphsBuilt(), "the second sweep value loads its program into the first's graph");
            PathAgreement back = PathAgreement.of(a, cpu, device, 7, COUNT, F64_PARTICLE_REL);
            assertEquals(1, device.graphsBuilt());
            PathAgreement pc = PathAgreement.of(c, cpu, device, 7, COUNT, F64_PARTICLE_REL);
            assertEquals(2, device.graphsBuilt(), "another dimension builds its own graph");
            for (var x : List.of(java.util.Map.entry(a, pa), java.util.Map.entry(b, pb), java.util.Map.entry(a, back),
                    java.util.Map.entry(c, pc))) {
                assertTrue(x.getValue().float64Within(x.getKey(), F64_PARTICLE_REL, Bounds.DEVICE_F64_LOGIT),
                        x.getValue().toString());
            }
        }
    }

    /** float64 on the device follows the CPU's scalar kernel particle by particle, for every example. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleAgreesWithTheCpuParticleByParticle(Pieces.Example example) {
        TornadoBackend device = shared(BackendOptions.Precision.FLOAT64);
        long before = device.kernelNanos();
        try (CpuBackend cpu = CpuBackend.scalarKernel(0, false)) {
            PathAgreement a = PathAgreement.of(example.spec(), cpu, device, 1L << 33, COUNT, F64_PARTICLE_REL);
            System.out.printf("%s: float64 %s%n", example, a);
            assertTrue(a.float64Within(example.spec(), F64_PARTICLE_REL, Bounds.DEVICE_F64_LOGIT), example + ": " + a);
            assertTrue(device.kernelNanos() > before, "the device ran the kernels (no silent fallback to Java)");
        }
    }

    /**
     * float32 on the device against the CPU's float32 (the same generated code, with Java's float functions) and
     * against the float64 reference, within float32's rounding over the path (Tolerances.float32Path), for every
     * example.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void float32AgreesWithTheCpuWithinItsRounding(Pieces.Example example) {
        double tol = Tolerances.float32Path(STEPS);
        TornadoBackend device = shared(BackendOptions.Precision.FLOAT32);
        long before = device.kernelNanos();
        try (CpuBackend cpu = CpuBackend.scalarKernel(0, false); CpuBackend cpu32 = new CpuBackend(0, true)) {
            PathAgreement same = PathAgreement.of(example.spec(), cpu32, device, 5, COUNT, tol);
            PathAgreement ref = PathAgreement.of(example.spec(), cpu, device, 5, COUNT, tol);
            System.out.printf("%s: float32 against cpu float32 %s; against float64 %s%n", example, same, ref);
            boolean all = PathAgreement.everyPathBounded(example.spec());
            assertTrue(same.statesWithin(example.spec(), tol), example + " device float32 vs cpu float32: " + same);
            assertTrue(ref.statesWithin(example.spec(), tol) && (!all || ref.worstPosterior() < tol),
                    example + " float32: " + ref);
            assertTrue(ref.monotoneFlips() < Tolerances.F32_MONOTONE_FLIPS * ref.paths(), example + ": " + ref);
            assertTrue(device.kernelNanos() > before, "the device ran the float32 kernels");
        }
    }

    /**
     * The device's reductions against the CPU's in float64: a Gaussian study in d = 3 (projection, logit histogram,
     * co-moments), a Gaussian-and-box one in d = 2 (the 256² density grid) and a uniform one whose reference guidance
     * (w = 63 with a smoothed score error, as in experiments/uniform-score-error.yaml) sends paths to infinity, so the
     * non-finite count and the paired terms' non-finite references are exercised. Block by block, the device's sums
     * are the work-group tree over the CPU's particles to rounding (the particles agree to ~1e-14); every estimate and
     * its standard error agree with the CPU's own particle-order reduction to rounding; histogram counts are integers
     * and agree exactly (the states are far from any bin edge at these seeds).
     */
    /**
     * The states a batch keeps for the k-NN entropy, from a batch that keeps fewer particles than it holds (as every
     * study with N above the k-NN sample size does): the device's rows are the CPU's particle by particle. The gather
     * once strode the device's states by the keep buffer's size instead of the batch's, mixing coordinates of different
     * particles whenever the two differed (gdmc compare showed knn.entropy 5 s.e. apart while every particle agreed).
     */
    @Test
    void keptStatesAreTheCpusRows() {
        // w = 63 (the sweep's first value) amplifies the device's fused multiply-adds to 4.4e-13 on these paths; the
        // mis-strided gather was off by O(1)
        final double keptRel = 1e-11;
        SimulationSpec spec = reductionSpecs().get(0);
        EstimatorSet set = ReductionAgreement.standardEstimators(spec);
        int d = spec.target().dimension();
        int capacity = 4 * BatchSums.BLOCK;
        int keepCapacity = 3 * BatchSums.BLOCK;
        int keep = keepCapacity - 77;
        BatchSums a = new BatchSums(REDUCTION_SWEEP.size(), set.plan(), capacity, keepCapacity);
        BatchSums b = new BatchSums(REDUCTION_SWEEP.size(), set.plan(), capacity, keepCapacity);
        a.reset(5L * BatchSums.BLOCK, capacity - 10);
        b.reset(5L * BatchSums.BLOCK, capacity - 10);
        a.setKeep(keep);
        b.setKeep(keep);
        try (CpuBackend cpu = CpuBackend.scalarKernel(0, false); TornadoBackend device = open()) {
            cpu.reduce(spec, set.plan(), a);
            device.reduce(spec, set.plan(), b);
        }
        for (int g = 0; g < REDUCTION_SWEEP.size(); g++) {
            double w = PathAgreement.worst(a.keptStates(g), b.keptStates(g), keep * d);
            assertTrue(w < keptRel, "kept states of guidance " + g + ": " + w);
        }
    }

    @Test
    void deviceReductionsMatchTheCpuBlockByBlock() {
        List<Guidance> sweep = REDUCTION_SWEEP;
        for (SimulationSpec spec : reductionSpecs()) {
            EstimatorSet set = ReductionAgreement.standardEstimators(spec);
            int d = spec.target().dimension();
            int capacity = 4 * BatchSums.BLOCK;
            int count = capacity - 100;
            BatchSums a = new BatchSums(sweep.size(), set.plan(), capacity);
            BatchSums b = new BatchSums(sweep.size(), set.plan(), capacity);
            a.reset(3L * BatchSums.BLOCK, count);
            b.reset(3L * BatchSums.BLOCK, count);
            ParticleBatch cpuParticles = new ParticleBatch(sweep.size(), d, capacity);
            cpuParticles.reset(3L * BatchSums.BLOCK, count);
            try (CpuBackend cpu = new CpuBackend(0); TornadoBackend device = open()) {
                cpu.reduce(spec, set.plan(), a);
                cpu.simulate(spec, cpuParticles);
                device.reduce(spec, set.plan(), b);
                assertTrue(device.kernelNanos() > 0, "the device ran the reductions");
            }
            double[] ref = ReductionAgreement.references(cpuParticles);
            long nonFinite = 0;
            double blocks = 0.0;
            double estimates = 0.0;
            for (int g = 0; g < sweep.size(); g++) {
                double[] tree = ReductionAgreement.treeSums(set.plan().program(), cpuParticles, g, ref);
                double w = PathAgreement.worst(tree, b.blockSums(g), tree.length);
                blocks = Math.max(blocks, w);
                assertTrue(w < BLOCK_SUM_REL, spec.target().describe() + " block sums at guidance " + g + ": " + w
                        + firstDifference(tree, b.blockSums(g), b.blockLength()));
                double e = ReductionAgreement.worstEstimate(set, a, b, g);
                estimates = Math.max(estimates, e);
                assertTrue(e < BLOCK_SUM_REL, spec.target().describe() + " estimates at guidance " + g + ": " + e);
                assertArrayEquals(a.counts(g), b.counts(g), spec.target().describe() + " counts at guidance " + g);
                nonFinite += a.counts(g)[a.counts(g).length - 1];
            }
            System.out.printf(Locale.ROOT, "%s: block sums agree with the tree over the CPU's particles to %.1e, "
                    + "estimates with the CPU's to %.1e (relative), %d counts agree exactly; non-finite particles %d%n",
                    spec.target().describe(), blocks, estimates, a.counts(0).length * sweep.size(), nonFinite);
            if (spec.target() == UNIFORMS) {
                assertTrue(nonFinite > 0, "the uniform case exercises non-finite particles");
            }
        }
    }

    private static final List<Guidance> REDUCTION_SWEEP = List.of(new ClassifierFreeGuidance(63.0),
            new ClassifierFreeGuidance(0.0), new ClassifierFreeGuidance(3.0));

    /** The reduction tests' three studies ({@link #deviceReductionsMatchTheCpuBlockByBlock}). */
    private static List<SimulationSpec> reductionSpecs() {
        List<Guidance> sweep = REDUCTION_SWEEP;
        ScoreError smoothed = new ScoreError(ScoreError.Kind.SMOOTHED, 0.05, ScoreError.Scope.CONDITIONAL,
                new double[] {1.0});
        StepPlan diverging = new StepPlan(ReverseSampler.byName("probability-flow-heun"),
                new ForwardProcess(new ConstantSchedule(1.0)), TimeGrid.of(GridSpacing.GEOMETRIC, 8.0, 1e-5, 60));
        Mixture plane = Mixture.of(List.of(
                new GaussianComponent(0, 0.5, new double[] {1, -1}, new double[][] {{0.5, 0}, {0, 2}}),
                new BoxComponent(1, 0.5, new double[] {-3, -1}, new double[] {-1, 2})));
        return List.of(spec(GAUSSIANS, "euler-maruyama", sweep, ScoreError.NONE, 40),
                spec(plane, "ddpm", sweep, ScoreError.NONE, 40),
                new SimulationSpec(UNIFORMS, 0, diverging, sweep, smoothed, 20241124L));
    }

    /**
     * The device's block sums are its work groups' trees, and the CPU reproduces them: {@link WorkGroupTree} over the
     * device's own particles (the same kernel and noise, copied back by a sampling run) gives the device's block sums
     * to the last bits, but for the device compiler's fused multiply-adds ({@link Bounds#TREE_REPRODUCTION}).
     */
    @Test
    void deviceBlockSumsAreTheTreeTheCpuReproduces() {
        for (SimulationSpec spec : reductionSpecs()) {
            EstimatorSet set = ReductionAgreement.standardEstimators(spec);
            ReductionAgreement.TreeReproduction r;
            try (TornadoBackend device = open()) {
                r = ReductionAgreement.TreeReproduction.of(device, spec, set, 3L * BatchSums.BLOCK,
                        4 * BatchSums.BLOCK - 100);
            }
            System.out.printf(Locale.ROOT, "%s: the CPU's tree gives %d of %d block-sum slots bit for bit, the rest "
                    + "within %.1e%n", spec.target().describe(), r.same(), r.slots(), r.worst());
            assertTrue(r.worst() <= Bounds.TREE_REPRODUCTION, spec.target().describe() + ": " + r);
            assertTrue(r.same() > r.slots() / 2, "most slots bit for bit: " + r);
        }
    }

    private static StudyResult studyOnCpu(StudySpec study) {
        try (CpuBackend b = new CpuBackend(0)) {
            return new StudyRunner(b).run(study, (a, c, s) -> { });
        }
    }

    private static StudyResult studyOnDevice(StudySpec study, BackendOptions.Precision precision) {
        try (TornadoBackend b = open(precision)) {
            StudyResult r = new StudyRunner(b).run(study, (a, c, s) -> { });
            assertTrue(b.kernelNanos() > 0, "the device ran the study");
            return r;
        }
    }

    /** float32 paths, float64 reductions: every estimate within one standard error of the float64 CPU's. */
    @Test
    void float32StudyEstimatesAgreeWithTheCpuWithinTheirErrors() {
        SimulationSpec sim = spec(UNIFORMS, "euler-maruyama", List.of(new ClassifierFreeGuidance(0.0),
                new ClassifierFreeGuidance(7.0)), ScoreError.NONE, 100);
        StudySpec study = new StudySpec(sim, 20_000, 8192);
        StudyResult cpu = studyOnCpu(study);
        StudyResult dev = studyOnDevice(study, BackendOptions.Precision.FLOAT32);
        int compared = 0;
        for (int g = 0; g < 2; g++) {
            for (Estimate e : cpu.results().get(g).estimates()) {
                Estimate f = dev.results().get(g).find(e.name());
                if (Double.isFinite(e.value()) && e.stdError() > 0) {
                    assertEquals(e.value(), f.value(), e.stdError(), e.name() + " at guidance " + g);
                    compared++;
                }
            }
        }
        assertTrue(compared > 50, "compared " + compared + " estimates");
    }

    @Test
    void studyEstimatesAgreeWithTheCpu() {
        SimulationSpec sim = spec(UNIFORMS, "euler-maruyama", List.of(new ClassifierFreeGuidance(0.0),
                new ClassifierFreeGuidance(7.0)), ScoreError.NONE, 100);
        StudySpec study = new StudySpec(sim, 20_000, 8192);
        StudyResult cpu = studyOnCpu(study);
        StudyResult dev = studyOnDevice(study, BackendOptions.Precision.FLOAT64);
        for (int g = 0; g < 2; g++) {
            GuidanceResult x = cpu.results().get(g);
            GuidanceResult y = dev.results().get(g);
            assertEquals(x.estimates().size(), y.estimates().size());
            assertTrue(y.find("knn.entropy") != null, "the device hands back the k-NN samples' final states");
            for (Estimate e : x.estimates()) {
                Estimate f = y.find(e.name());
                double tol = Double.isNaN(e.stdError()) || e.stdError() == 0 ? 1e-9 * (1 + Math.abs(e.value()))
                        : 1e-3 * e.stdError() + 1e-12;
                if (Double.isNaN(e.value())) {
                    assertTrue(Double.isNaN(f.value()), e.name());
                } else {
                    assertEquals(e.value(), f.value(), tol, e.name() + " at guidance " + g);
                }
            }
        }
    }

    /**
     * The work-group tree reduces whole blocks, and batches start on block boundaries, so a device study's estimates
     * do not depend on its batch size: two batch sizes (the second with a partial last batch) give every estimate and
     * standard error bit for bit.
     */
    @Test
    void deviceStudyIsBitIdenticalAcrossBatchSizes() {
        SimulationSpec sim = spec(GAUSSIANS, "euler-maruyama", List.of(new ClassifierFreeGuidance(0.0),
                new ClassifierFreeGuidance(3.0)), ScoreError.NONE, 20);
        StudyResult a = studyOnDevice(new StudySpec(sim, 10_000, 4096), BackendOptions.Precision.FLOAT64);
        StudyResult b = studyOnDevice(new StudySpec(sim, 10_000, 6144), BackendOptions.Precision.FLOAT64);
        int compared = 0;
        for (int g = 0; g < 2; g++) {
            for (Estimate e : a.results().get(g).estimates()) {
                Estimate f = b.results().get(g).find(e.name());
                assertEquals(0, Double.compare(e.value(), f.value()), e.name() + ": " + e.value() + " " + f.value());
                assertEquals(0, Double.compare(e.stdError(), f.stdError()), e.name() + " s.e.");
                compared++;
            }
        }
        assertTrue(compared > 40, "compared " + compared);
    }

    @Test
    void devicesAreListed() {
        List<String> devices = provider().devices();
        assertTrue(!devices.isEmpty(), "TornadoVM sees a device");
        assertArrayEquals(new Object[] {devices.get(0)}, new Object[] {TornadoDevices.describe().get(0)});
    }
    @Test
    void theDefaultBatchIsSizedFromTheDevice() {
        SimulationSpec sim = spec(GAUSSIANS, "euler-maruyama", List.of(new ClassifierFreeGuidance(2.0)), ScoreError.NONE, 8);
        for (BackendOptions.Precision precision : BackendOptions.Precision.values()) {
            try (TornadoBackend device = open(precision)) {
                int batch = device.batchSize(sim);
                assertEquals(0, batch % BatchSums.BLOCK, precision + ": whole blocks, got " + batch);
                assertTrue(batch >= BatchSums.BLOCK && batch <= DeviceBatch.MAX, precision + ": got " + batch);
                assertTrue(device.deviceName(sim).contains("device.memory="), "the memory cap is recorded");
            }
        }
    }
}
