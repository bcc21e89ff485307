package org.gdmc.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.gdmc.backend.f32.FloatArrays;
import org.gdmc.backend.f32.PathKernelF32;
import org.gdmc.backend.vector.DiagonalMixturePaths;
import org.gdmc.backend.vector.VectorSupport;
import org.gdmc.estimate.ReductionKernel;
import org.gdmc.estimate.ReductionPlan;
import org.gdmc.kernel.PathKernel;
import org.gdmc.kernel.PathProgram;

/**
 * The reference backend, on all CPU cores. A batch is cut into chunks of {@value #CHUNK} particles handed to a fixed
 * pool; each particle's path is independent of the others, so the output does not depend on the thread count.
 *
 * <p>In float64 (the default), studies of diagonal Gaussian mixtures with exact scores and a stochastic sampler take
 * the fused vector path ({@link DiagonalMixturePaths}) when the JVM has the Vector API; everything else runs
 * {@link PathKernel} per particle. The two agree to rounding; for a given JVM the choice depends on the study alone,
 * never on the batch. In float32 the particles run {@link PathKernelF32}, the code a device runs in float32, or,
 * when each group is one Gaussian, the float32 lanes ({@link org.gdmc.backend.vector.PairLanesF32}), which agree with
 * it to float rounding; so the CPU checks a device's float32 results to rounding and shows what float32 alone does to
 * a study. The estimators still sum in float64. In both precisions the lanes run a sweep's paths for one Gaussian per
 * group in lockstep, drawing each step's noise once for all guidance values.
 */
public final class CpuBackend implements Backend {
    /** Particles per task. */
    static final int CHUNK = 256;

    private final int threads;
    private final boolean float32;
    private final boolean lanes;
    private final ExecutorService pool;
    private ParticleBatch scratch;
    private int scratchGuidances;
    private double[] reference;
    private Compiled compiled;

    /** In float64. @param threads worker threads; 0 means all available processors */
    public CpuBackend(int threads) {
        this(threads, false);
    }

    /**
     * @param threads worker threads; 0 means all available processors
     * @param float32 whether the per-particle paths run in float32 ({@link PathKernelF32}) rather than float64
     */
    public CpuBackend(int threads, boolean float32) {
        this(threads, float32, true);
    }

    /**
     * A backend that never takes the vector lanes: every study runs the scalar kernel, the reference the lanes are
     * held against.
     */
    public static CpuBackend scalarKernel(int threads, boolean float32) {
        return new CpuBackend(threads, float32, false);
    }

    private CpuBackend(int threads, boolean float32, boolean lanes) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        this.float32 = float32;
        this.lanes = lanes;
        this.threads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        this.pool = Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, "gdmc-cpu");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String name() {
        return "cpu";
    }

    /** The CPU, threads and precision, and whether this JVM has the vector lanes. */
    @Override
    public String deviceName() {
        return processor() + (lanes && VectorSupport.available() ? ", vector lanes" : "");
    }

    /** The CPU, threads and precision, and the path this study takes: vector lanes (the one-pass step) or scalar. */
    @Override
    public String deviceName(SimulationSpec spec) {
        DiagonalMixturePaths paths = compiled(spec).lanes();
        if (paths == null) {
            return processor() + ", scalar kernel";
        }
        return processor() + ", vector lanes" + (paths.hasPairStep() ? ", one-pass pair step" : "");
    }

    private String processor() {
        return System.getProperty("os.arch") + " CPU, " + threads + " thread" + (threads == 1 ? "" : "s")
                + (float32 ? ", float32" : ", float64");
    }

    @Override
    public int parallelism() {
        return threads;
    }

    @Override
    public void simulate(SimulationSpec spec, ParticleBatch batch) {
        Compiled c = compiled(spec);
        List<Future<?>> futures = new ArrayList<>();
        for (int start = 0; start < batch.count(); start += CHUNK) {
            int from = start;
            int to = Math.min(batch.count(), start + CHUNK);
            futures.add(pool.submit(() -> {
                if (c.lanes() != null) {
                    simulateLanes(c.lanes(), spec, batch, from, to, float32);
                } else if (float32) {
                    simulateRange(c.narrow(), c.program(), spec.seed(), batch, from, to);
                } else {
                    simulateRange(c.program(), spec.seed(), batch, from, to);
                }
            }));
        }
        Tasks.awaitAll(futures, "CPU backend task");
    }

    /**
     * A study compiled for this backend: its {@link PathProgram}, the vector lanes it runs on (null for the scalar
     * kernel; float32 has lanes only for the one-pass step), and in float32 the program's tables and parameters
     * rounded to float.
     */
    private record Compiled(SimulationSpec spec, PathProgram program, DiagonalMixturePaths lanes,
                            Float32Inputs narrow) {
    }

    /** The study compiled once per spec (a backend runs one study at a time). */
    private Compiled compiled(SimulationSpec spec) {
        if (compiled == null || compiled.spec() != spec) {
            PathProgram program = spec.program();
            DiagonalMixturePaths fast = lanes ? DiagonalMixturePaths.of(spec, program) : null;
            if (float32 && fast != null && !fast.hasPairStep()) {
                fast = null;
            }
            compiled = new Compiled(spec, program, fast, float32 && fast == null ? new Float32Inputs(program) : null);
        }
        return compiled;
    }

    private static void simulateLanes(DiagonalMixturePaths paths, SimulationSpec spec, ParticleBatch batch,
                                      int from, int to, boolean float32) {
        int guidances = spec.guidances().size();
        double[][] states = new double[guidances][];
        double[][] obs = new double[guidances][];
        for (int g = 0; g < guidances; g++) {
            states[g] = batch.states(g);
            obs[g] = batch.observables(g);
        }
        if (float32) {
            paths.simulateF32(batch.first(), from, to, states, obs, paths.newLanesF32());
        } else {
            paths.simulate(batch.first(), from, to, states, obs, paths.newLanes());
        }
    }

    private static void simulateRange(PathProgram program, long seed, ParticleBatch batch, int from, int to) {
        int d = batch.dimension();
        int[] codes = program.codes();
        double[] tables = program.tables();
        double[] params = program.params();
        int[] meta = program.meta();
        double[] work = new double[PathKernel.workLength(d)];
        long[] words = new long[PathKernel.wordsLength()];
        for (int g = 0; g < program.guidances(); g++) {
            double[] states = batch.states(g);
            double[] obs = batch.observables(g);
            for (int i = from; i < to; i++) {
                PathKernel.simulate(codes, tables, params, meta, g, seed, batch.first() + i,
                        states, i * d, obs, i * PathKernel.OBS_LENGTH, work, 0, words, 0);
            }
        }
    }

    /** A program's tables and score-model parameters rounded to float. */
    private record Float32Inputs(float[] tables, float[] params) {
        Float32Inputs(PathProgram program) {
            this(FloatArrays.narrow(program.tables()), FloatArrays.narrow(program.params()));
        }
    }

    private static void simulateRange(Float32Inputs in, PathProgram program, long seed, ParticleBatch batch, int from,
                                      int to) {
        int d = batch.dimension();
        int[] codes = program.codes();
        int[] meta = program.meta();
        float[] work = new float[PathKernelF32.workLength(d)];
        long[] words = new long[PathKernelF32.wordsLength()];
        float[] state = new float[d];
        float[] obs = new float[PathKernelF32.OBS_LENGTH];
        for (int g = 0; g < program.guidances(); g++) {
            double[] states = batch.states(g);
            double[] observables = batch.observables(g);
            for (int i = from; i < to; i++) {
                PathKernelF32.simulate(codes, in.tables(), in.params(), meta, g, seed, batch.first() + i,
                        state, 0, obs, 0, work, 0, words, 0);
                for (int j = 0; j < d; j++) {
                    states[i * d + j] = state[j];
                }
                for (int k = 0; k < PathKernelF32.OBS_LENGTH; k++) {
                    observables[i * PathKernelF32.OBS_LENGTH + k] = obs[k];
                }
            }
        }
    }

    /**
     * Simulates the batch into a scratch batch of the same capacity, then reduces it on the pool, one lane (a run of
     * whole blocks, each block's sums in particle order) per thread; the lanes' counts are summed exactly.
     */
    @Override
    public void reduce(SimulationSpec spec, ReductionPlan plan, BatchSums out) {
        int d = spec.target().dimension();
        int guidances = spec.guidances().size();
        if (scratch == null || scratch.capacity() != out.capacity() || scratch.dimension() != d
                || scratchGuidances != guidances) {
            scratch = new ParticleBatch(guidances, d, out.capacity());
            scratchGuidances = guidances;
            reference = new double[2 * out.capacity()];
        }
        scratch.reset(out.first(), out.count());
        simulate(spec, scratch);
        int count = out.count();
        for (int i = 0; i < count; i++) {
            ReductionKernel.reference(scratch.states(0), scratch.observables(0), d, i, reference);
        }
        double[] program = plan.program();
        int h = plan.countsLength();
        int lanes = Math.max(1, Math.min(threads, out.blocks()));
        int[] laneCounts = new int[lanes * h];
        for (int g = 0; g < guidances; g++) {
            double[] states = scratch.states(g);
            double[] obs = scratch.observables(g);
            double[] sums = out.blockSums(g);
            List<Future<?>> futures = new ArrayList<>();
            for (int l = 0; l < lanes; l++) {
                int lane = l;
                futures.add(pool.submit(() -> ReductionKernel.reduceLane(program, states, obs, reference, count,
                        BatchSums.BLOCK, lane, lanes, sums, laneCounts)));
            }
            Tasks.awaitAll(futures, "CPU reduction");
            if (out.keep() > 0) {
                System.arraycopy(states, 0, out.keptStates(g), 0, out.keep() * d);
            }
            int[] total = out.counts(g);
            for (int k = 0; k < h; k++) {
                total[k] = ReductionKernel.laneTotal(laneCounts, lanes, h, k);
            }
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
