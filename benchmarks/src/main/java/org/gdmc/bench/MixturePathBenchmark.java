package org.gdmc.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.gdmc.backend.SimulationSpec;
import org.gdmc.backend.f32.FloatArrays;
import org.gdmc.backend.f32.PathKernelF32;
import org.gdmc.backend.vector.DiagonalMixturePaths;
import org.gdmc.backend.vector.PairLanesF32;
import org.gdmc.backend.vector.PathLanes;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.sampler.EulerMaruyama;
import org.gdmc.sampler.GridSpacing;
import org.gdmc.kernel.PathKernel;
import org.gdmc.kernel.PathProgram;
import org.gdmc.sampler.StepPlan;
import org.gdmc.sampler.TimeGrid;
import org.gdmc.mixture.Component;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Whole guided paths on one thread over K components in d dimensions: the scalar {@link PathKernel} (what every
 * study without the fast path runs) and the CPU backend's fused vector path ({@link DiagonalMixturePaths}), in
 * particle-steps per second. K isotropic unit Gaussians at fixed random centres, half of them class 0; CFG w = 1 on
 * class 0, Euler–Maruyama, 50 uniform steps, T = 5, δ = 10⁻³. The cost of a step is linear in K·d (K distances in d
 * dimensions, K·d score terms) plus the noise, linear in d; at K = 2 (one component per class) the vector path takes
 * its one-pass step ({@code PairTables}). {@code float32} is what the CPU backend runs with --precision float32: the
 * float lanes ({@code PairLanesF32}) at K = 2, the generated scalar {@link PathKernelF32} otherwise.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MixturePathBenchmark {
    static final int STEPS = 50;
    static final int PARTICLES = 64;

    @Param({"2", "8", "32"})
    public int components;

    @Param({"1", "2", "16", "64"})
    public int dimension;

    @Param({"scalar", "lanes", "float32"})
    public String path;

    private SimulationSpec spec;
    private DiagonalMixturePaths lanesPaths;
    private PathLanes lanes;
    private DiagonalMixturePaths pathsF32;
    private PairLanesF32 lanesF32;
    private int[] codes;
    private float[] params32;
    private float[] tables32;
    private float[] state32;
    private float[] obs32;
    private float[] work32;
    private double[] params;
    private int[] meta;
    private double[] tables;
    private double[] state;
    private double[] obs;
    private double[] work;
    private long[] words;
    /** state and obs as the lanes' one-guidance sweep. */
    private double[][] sweepStates;
    private double[][] sweepObs;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(components * 100L + dimension);
        List<Component> parts = new ArrayList<>();
        for (int k = 0; k < components; k++) {
            double[] mean = new double[dimension];
            for (int j = 0; j < dimension; j++) {
                mean[j] = random.nextDouble(-3.0, 3.0);
            }
            parts.add(GaussianComponent.isotropic(k % 2, 1.0 / components, mean, 1.0));
        }
        Mixture target = Mixture.of(parts);
        StepPlan stepPlan = new StepPlan(new EulerMaruyama(), new ForwardProcess(new ConstantSchedule(1.0)),
                TimeGrid.of(GridSpacing.UNIFORM, 5.0, 1e-3, STEPS));
        spec = new SimulationSpec(target, 0, stepPlan, List.of(new ClassifierFreeGuidance(1.0)), 20241124L);
        PathProgram program = spec.program();
        codes = program.codes();
        params = program.params();
        meta = program.meta();
        tables = program.tables();
        state = new double[PARTICLES * dimension];
        obs = new double[PARTICLES * PathKernel.OBS_LENGTH];
        work = new double[PathKernel.workLength(dimension)];
        words = new long[PathKernel.wordsLength()];
        sweepStates = new double[][] {state};
        sweepObs = new double[][] {obs};
        if (!path.equals("scalar")) {
            lanesPaths = DiagonalMixturePaths.of(spec, program);
            if (lanesPaths == null) {
                throw new IllegalStateException("the fast path needs --add-modules jdk.incubator.vector");
            }
            lanes = lanesPaths.newLanes();
        }
        if (path.equals("float32")) {
            if (lanesPaths.hasPairStep()) {
                pathsF32 = lanesPaths;
                lanesF32 = lanesPaths.newLanesF32();
            }
            lanesPaths = null;
            params32 = FloatArrays.narrow(params);
            tables32 = FloatArrays.narrow(tables);
            state32 = new float[PARTICLES * dimension];
            obs32 = new float[PARTICLES * PathKernelF32.OBS_LENGTH];
            work32 = new float[PathKernelF32.workLength(dimension)];
        }
    }

    @Benchmark
    @OperationsPerInvocation(PARTICLES * STEPS)
    public void particleSteps(Blackhole bh) {
        if (lanesPaths != null) {
            lanesPaths.simulate(0L, 0, PARTICLES, sweepStates, sweepObs, lanes);
        } else if (lanesF32 != null) {
            pathsF32.simulateF32(0L, 0, PARTICLES, sweepStates, sweepObs, lanesF32);
        } else if (state32 != null) {
            for (int p = 0; p < PARTICLES; p++) {
                PathKernelF32.simulate(codes, tables32, params32, meta, 0, spec.seed(), p, state32, dimension * p,
                        obs32, p * PathKernelF32.OBS_LENGTH, work32, 0, words, 0);
            }
            bh.consume(state32);
        } else {
            for (int p = 0; p < PARTICLES; p++) {
                PathKernel.simulate(codes, tables, params, meta, 0, spec.seed(), p, state, dimension * p, obs,
                        p * PathKernel.OBS_LENGTH, work, 0, words, 0);
            }
        }
        bh.consume(state);
        bh.consume(obs);
    }
}
