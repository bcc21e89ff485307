package org.gdmc.tornado;

import org.gdmc.guidance.GuidedScore;
import org.gdmc.highdim.BlockPaths;
import org.gdmc.highdim.CovarianceForm;
import org.gdmc.highdim.HighDimStudySpec;
import org.gdmc.highdim.LargeMixture;
import org.gdmc.highdim.LargePaths;
import org.gdmc.highdim.NoisedComponents;
import org.gdmc.kernel.PathProgram;
import org.gdmc.kernel.ScorePass;
import org.gdmc.sampler.AffineStep;
import org.gdmc.tornado.f64.AffineStepF64;
import org.gdmc.tornado.f64.GuidedScoreF64;
import org.gdmc.tornado.f64.MultistepStepF64;
import org.gdmc.tornado.f64.NormalVariatesF64;
import org.gdmc.tornado.f32.AffineStepF32;
import org.gdmc.tornado.f32.GuidedScoreF32;
import org.gdmc.tornado.f32.MultistepStepF32;
import org.gdmc.tornado.f32.NormalVariatesF32;

import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;

/**
 * A large-mixture study's paths on a device (float64): one task graph of three tasks run once per node, the states
 * staying on the device between nodes. Node −1 draws y₀ ~ N(0, I) (noise step 0, as {@link BlockPaths}); node i ≥ 0
 * evaluates the score passes with the tiled kernel ({@link LargeScoreTasks#score}) at the node's (α, σ²), from the
 * host's {@link NoisedComponents} sent with it, then moves every particle with the guidance form and integrator of the
 * program (the generated float64 copies of {@link GuidedScore#combine} and {@code AffineStep}/{@code MultistepStep};
 * in float32 the float copies, the means, tables and constants rounded to float, as the float32 path kernels do).
 * After the last node the states come back. Everything is laid out by particle (element j of particle i at
 * j·capacity + i). Isotropic, shared-diagonal and low-rank mixtures; the affine samplers and DPM-Solver++(2M), as
 * {@link BlockPaths}.
 */
final class LargePathsDevice implements LargePaths {
    /** Offsets in the step ints. */
    static final int S_GUIDANCE = 0;
    static final int S_NODE = 1;
    static final int S_COUNT = 2;
    static final int S_DIMENSION = 3;
    static final int STEP_INTS = 4;
    static final int L_SEED = 0;
    static final int L_FIRST = 1;

    private final HighDimStudySpec spec;
    private final LargeMixture m;
    private final PathProgram program;
    private final TornadoDevice device;
    private final int capacity;
    private final int d;
    private final int[] ints = new int[LargeScoreTasks.INTS];
    private final int[] stepInts = new int[STEP_INTS];
    private final long[] longs = new long[2];
    private final double[] ab = new double[2];
    private final boolean float32;
    private final double[] konst;
    private final double[] v;
    private final double[] vd;
    /** c_kr of the node (low rank; one unused value otherwise). */
    private final double[] shrink;
    private final double[] y;
    private final float[] abF;
    private final float[] konstF;
    private final float[] vF;
    private final float[] vdF;
    private final float[] shrinkF;
    private final float[] yF;
    private final TornadoExecutionPlan plan;
    /** The constants of node i − 1 at i, kept across batches (empty: they do not fit, recomputed per batch). */
    private NoisedComponents[] cache;

    LargePathsDevice(HighDimStudySpec spec, TornadoDevice device, int capacity) {
        this(spec, device, capacity, false);
    }

    /** @param float32 whether the paths run in float32 (the float kernels) rather than float64 */
    LargePathsDevice(HighDimStudySpec spec, TornadoDevice device, int capacity, boolean float32) {
        this.spec = spec;
        this.m = spec.target();
        String why = BlockPaths.refusal(spec.program());
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        this.program = spec.program();
        this.device = device;
        this.capacity = (capacity + LargeScoreTasks.GROUP - 1) / LargeScoreTasks.GROUP * LargeScoreTasks.GROUP;
        this.d = m.dimension();
        int cap = this.capacity;
        ints[LargeScoreTasks.I_DIMENSION] = d;
        ints[LargeScoreTasks.I_COMPONENTS] = m.components();
        ints[LargeScoreTasks.I_CAPACITY] = cap;
        ints[LargeScoreTasks.I_CLASS_START] = m.classStart(spec.cls());
        ints[LargeScoreTasks.I_CLASS_END] = m.classEnd(spec.cls());
        ints[LargeScoreTasks.I_DIAGONAL] = m.form() == CovarianceForm.SHARED_DIAGONAL ? 1 : 0;
        ints[LargeScoreTasks.I_RANK] = m.rank();
        double[][] lowRank = LargeScoreTasks.lowRankArrays(m);
        stepInts[S_DIMENSION] = d;
        longs[L_SEED] = spec.seed();
        this.float32 = float32;
        int sl = ScorePass.length(d);
        int[] codes = program.codes();
        TaskGraph tg;
        if (!float32) {
            konst = new double[m.components()];
            v = new double[m.components()];
            vd = new double[m.form() == CovarianceForm.SHARED_DIAGONAL ? d : 1];
            shrink = lowRank[2];
            y = new double[d * cap];
            abF = null;
            konstF = null;
            vF = null;
            vdF = null;
            shrinkF = null;
            yF = null;
            double[] acc = new double[2 * d * cap];
            double[] pass = new double[sl * cap];
            double[] work = new double[3 * d * cap];
            long[] words = new long[4 * cap];
            double[] tables = program.tables();
            double[] means = m.means();
            tg = new TaskGraph("large")
                    .transferToDevice(DataTransferMode.FIRST_EXECUTION, codes, tables, means, lowRank[0], lowRank[1],
                            acc, pass, work, words, y)
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, ints, stepInts, longs, ab, konst, v, vd, shrink)
                    .task("start", LargePathsDevice::start, cap, stepInts, longs, y, work, words)
                    .task("score", LargeScoreTasks::score, new KernelContext(), ints, ab, means, konst, v, vd,
                            lowRank[0], lowRank[1], shrink, y, acc, pass)
                    .task("advance", LargePathsDevice::advance, cap, stepInts, longs, codes, tables, ab, pass, y,
                            work, words)
                    .transferToHost(DataTransferMode.UNDER_DEMAND, y);
        } else {
            konst = null;
            v = null;
            vd = null;
            shrink = null;
            y = null;
            abF = new float[2];
            konstF = new float[m.components()];
            vF = new float[m.components()];
            vdF = new float[m.form() == CovarianceForm.SHARED_DIAGONAL ? d : 1];
            shrinkF = new float[lowRank[2].length];
            float[] factorsF = m.rank() > 0 ? m.factorsF32() : new float[1];
            float[] factorMeansF = org.gdmc.backend.f32.FloatArrays.narrow(lowRank[1]);
            yF = new float[d * cap];
            float[] acc = new float[2 * d * cap];
            float[] pass = new float[sl * cap];
            float[] work = new float[3 * d * cap];
            long[] words = new long[4 * cap];
            float[] tables = org.gdmc.backend.f32.FloatArrays.narrow(program.tables());
            float[] means = m.meansF32();
            tg = new TaskGraph("large")
                    .transferToDevice(DataTransferMode.FIRST_EXECUTION, codes, tables, means, factorsF, factorMeansF,
                            acc, pass, work, words, yF)
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, ints, stepInts, longs, abF, konstF, vF, vdF,
                            shrinkF)
                    .task("start", LargePathsDevice::startF32, cap, stepInts, longs, yF, work, words)
                    .task("score", LargeScoreTasks::scoreF32, new KernelContext(), ints, abF, means, konstF, vF, vdF,
                            factorsF, factorMeansF, shrinkF, yF, acc, pass)
                    .task("advance", LargePathsDevice::advanceF32, cap, stepInts, longs, codes, tables, abF, pass,
                            yF, work, words)
                    .transferToHost(DataTransferMode.UNDER_DEMAND, yF);
        }
        WorkerGrid1D groups = new WorkerGrid1D(cap);
        groups.setLocalWork(LargeScoreTasks.GROUP, 1, 1);
        ImmutableTaskGraph itg = tg.snapshot();
        plan = new TornadoExecutionPlan(itg);
        plan.withDevice(device).withGridScheduler(new GridScheduler("large.score", groups));
    }

    /** Node −1: y₀ from the normals of noise step 0, and the momentum (APG) cleared. */
    public static void start(int capacity, int[] stepInts, long[] longs, double[] y, double[] work, long[] words) {
        for (@Parallel int i = 0; i < capacity; i++) {
            int live = (i < stepInts[S_COUNT] ? 1 : 0) * (stepInts[S_NODE] < 0 ? 1 : 0);
            if (live == 1) {
                int d = stepInts[S_DIMENSION];
                NormalVariatesF64.fill(longs[L_SEED], longs[L_FIRST] + i, 0, y, i, d, words, i, capacity);
                for (int j = 0; j < d; j++) {
                    work[(2 * d + j) * capacity + i] = 0.0;
                }
            }
        }
    }

    /** Node i ≥ 0: the guided score from the pass, then the integrator's step to node i + 1. */
    public static void advance(int capacity, int[] stepInts, long[] longs, int[] codes, double[] tables, double[] ab,
                               double[] pass, double[] y, double[] work, long[] words) {
        for (@Parallel int i = 0; i < capacity; i++) {
            int live = (i < stepInts[S_COUNT] ? 1 : 0) * (stepInts[S_NODE] >= 0 ? 1 : 0);
            if (live == 1) {
                int d = stepInts[S_DIMENSION];
                int g = stepInts[S_GUIDANCE];
                int node = stepInts[S_NODE];
                int n = codes[PathProgram.STEPS];
                int form = codes[PathProgram.FORMS + g];
                int par = codes[PathProgram.VARIANTS] + g * GuidedScoreF64.parametersLength(d);
                double strength = tables[codes[PathProgram.STRENGTHS] + g * (n + 2) + node];
                int momentum = 2 * d * capacity + i;
                GuidedScoreF64.combine(form, strength, tables, par, pass, i, d, y, i, ab[0], ab[1], work, momentum,
                        momentum, work, i, capacity);
                if (codes[PathProgram.INTEGRATOR] == AffineStep.CODE) {
                    AffineStepF64.advance(codes, tables, node, longs[L_SEED], longs[L_FIRST] + i, y, i, work, i,
                            d * capacity + i, words, i, capacity);
                } else {
                    MultistepStepF64.advance(codes, tables, node, y, i, work, i, d * capacity + i, capacity);
                }
            }
        }
    }

    /** {@link #start} in float32. */
    public static void startF32(int capacity, int[] stepInts, long[] longs, float[] y, float[] work, long[] words) {
        for (@Parallel int i = 0; i < capacity; i++) {
            int live = (i < stepInts[S_COUNT] ? 1 : 0) * (stepInts[S_NODE] < 0 ? 1 : 0);
            if (live == 1) {
                int d = stepInts[S_DIMENSION];
                NormalVariatesF32.fill(longs[L_SEED], longs[L_FIRST] + i, 0, y, i, d, words, i, capacity);
                for (int j = 0; j < d; j++) {
                    work[(2 * d + j) * capacity + i] = 0.0f;
                }
            }
        }
    }

    /** {@link #advance} in float32. */
    public static void advanceF32(int capacity, int[] stepInts, long[] longs, int[] codes, float[] tables, float[] ab,
                                  float[] pass, float[] y, float[] work, long[] words) {
        for (@Parallel int i = 0; i < capacity; i++) {
            int live = (i < stepInts[S_COUNT] ? 1 : 0) * (stepInts[S_NODE] >= 0 ? 1 : 0);
            if (live == 1) {
                int d = stepInts[S_DIMENSION];
                int g = stepInts[S_GUIDANCE];
                int node = stepInts[S_NODE];
                int n = codes[PathProgram.STEPS];
                int form = codes[PathProgram.FORMS + g];
                int par = codes[PathProgram.VARIANTS] + g * GuidedScoreF32.parametersLength(d);
                float strength = tables[codes[PathProgram.STRENGTHS] + g * (n + 2) + node];
                int momentum = 2 * d * capacity + i;
                GuidedScoreF32.combine(form, strength, tables, par, pass, i, d, y, i, ab[0], ab[1], work, momentum,
                        momentum, work, i, capacity);
                if (codes[PathProgram.INTEGRATOR] == AffineStep.CODE) {
                    AffineStepF32.advance(codes, tables, node, longs[L_SEED], longs[L_FIRST] + i, y, i, work, i,
                            d * capacity + i, words, i, capacity);
                } else {
                    MultistepStepF32.advance(codes, tables, node, y, i, work, i, d * capacity + i, capacity);
                }
            }
        }
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public String deviceName() {
        return device.getPhysicalDevice().getDeviceName() + " (TornadoVM, " + (float32 ? "float32" : "float64")
                + ", tiled large-mixture score)";
    }

    @Override
    public void simulate(int g, long first, int count, double[] states) {
        if (count > capacity) {
            throw new IllegalArgumentException("at most " + capacity + " particles per call, got " + count);
        }
        ints[LargeScoreTasks.I_COUNT] = count;
        stepInts[S_COUNT] = count;
        stepInts[S_GUIDANCE] = g;
        longs[L_FIRST] = first;
        TornadoExecutionResult last = null;
        for (int node = -1; node < program.steps(); node++) {
            stepInts[S_NODE] = node;
            double alpha = node < 0 ? 1.0 : program.alpha(node);
            double sigma2 = node < 0 ? 1.0 : program.sigma2(node);
            NoisedComponents nc = noised(node, alpha, sigma2);
            if (float32) {
                abF[0] = (float) alpha;
                abF[1] = (float) sigma2;
                for (int k = 0; k < konstF.length; k++) {
                    konstF[k] = (float) nc.konst()[k];
                    vF[k] = (float) nc.v()[k];
                }
                for (int j = 0; nc.vd() != null && j < d; j++) {
                    vdF[j] = (float) nc.vd()[j];
                }
                for (int q = 0; q < nc.c().length; q++) {
                    shrinkF[q] = (float) nc.c()[q];
                }
            } else {
                ab[0] = alpha;
                ab[1] = sigma2;
                System.arraycopy(nc.konst(), 0, konst, 0, konst.length);
                System.arraycopy(nc.v(), 0, v, 0, v.length);
                if (nc.vd() != null) {
                    System.arraycopy(nc.vd(), 0, vd, 0, d);
                }
                System.arraycopy(nc.c(), 0, shrink, 0, nc.c().length);
            }
            last = plan.execute();
        }
        if (float32) {
            last.transferToHost(yF);
        } else {
            last.transferToHost(y);
        }
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < d; j++) {
                states[i * d + j] = float32 ? yF[j * capacity + i] : y[j * capacity + i];
            }
        }
    }

    /**
     * The node's constants: computed once per node for the whole study where they fit {@link #CACHE_SHARE} of the
     * heap (they are O(K) per node, and O(K·d) to compute for the shared diagonal, which every batch would otherwise
     * redo on the host while the device waits), else anew for each batch.
     */
    private NoisedComponents noised(int node, double alpha, double sigma2) {
        if (cache == null) {
            long bytes = 8L * (program.steps() + 1) * ((2L + m.rank()) * m.components() + d);
            cache = new NoisedComponents[bytes <= CACHE_SHARE * Runtime.getRuntime().maxMemory()
                    ? program.steps() + 1 : 0];
        }
        if (cache.length == 0) {
            return NoisedComponents.of(m, alpha, sigma2);
        }
        if (cache[node + 1] == null) {
            cache[node + 1] = NoisedComponents.of(m, alpha, sigma2);
        }
        return cache[node + 1];
    }

    /** The share of the heap the per-node constants may take to be kept across batches. */
    static final double CACHE_SHARE = 0.125;

    @Override
    public void close() {
        try {
            plan.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the large-mixture plan: " + e.getMessage(), e);
        }
    }
}
