package org.gdmc.tornado;

import org.gdmc.backend.Backend;
import org.gdmc.backend.BatchSums;
import org.gdmc.backend.DeviceBatch;
import org.gdmc.backend.ParticleBatch;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.backend.f32.FloatArrays;
import org.gdmc.estimate.ReductionKernel;
import org.gdmc.estimate.ReductionPlan;
import org.gdmc.kernel.PathKernel;
import org.gdmc.kernel.PathProgram;

import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.enums.ProfilerMode;
import uk.ac.manchester.tornado.api.utils.TornadoAPIUtils;

/**
 * The TornadoVM backend, in float32 (the generated {@code *F32} kernels) or float64: one task graph per (simulation,
 * batch capacity, reduction plan), built once and re-executed for every batch and guidance value. The work space and
 * the particles stay on the device; only a few ints (the guidance index, the count) and longs (seed, first particle)
 * go in per execution, with the study's {@link PathProgram} (codes, tables, score-model parameters, padded to powers
 * of two) when it is small (up to {@value #REUSABLE_BYTES} bytes): then a later simulation whose program fits the same
 * arrays (same dimension, capacity and reduction, program arrays no longer and no more work space, as a sweep's
 * studies or another sampler on the same target) runs on the same compiled graph, its program loaded into them,
 * instead of a new graph compiled anew (seconds each). A larger program is sent once and its graph serves its
 * simulation only. For a study ({@link #reduce}) the block sums and histogram counts come back
 * (the reductions run in float64 also in float32 mode, on the widened states), and particles only for the batches
 * that keep k-NN samples, copied on demand; for a comparison ({@link #simulate}) the final states and observables come
 * back.
 */
final class TornadoBackend implements Backend {
    /**
     * Device memory for the lanes' histogram counts, in ints (64 MiB): as many lanes (up to one per block) as fit, so
     * the reduction stays parallel on a GPU however many bins the estimators ask for.
     */
    static final int LANE_COUNTS_BUDGET = 1 << 24;

    private final TornadoDevice device;
    private final boolean float32;
    private Graph graph;
    private DeviceIslands islandEngine;
    private long kernelNanos;
    private int graphsBuilt;

    TornadoBackend(TornadoDevice device, boolean float32) {
        this.device = device;
        this.float32 = float32;
    }

    @Override
    public String name() {
        return "tornado";
    }

    @Override
    public String deviceName() {
        return device.getPhysicalDevice().getDeviceName() + " (" + device.getPlatformName() + "), "
                + (float32 ? "float32" : "float64") + "; " + TornadoArithmetic.describe(float32);
    }

    /** The host threads that could work beside the device; the device does all the per-particle work. */
    @Override
    public int parallelism() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * The largest batch the device and the heap hold, from {@link DeviceBatch}: per particle the work space, the noise
     * words, the states and observables (and their float64 copies for the reductions in float32 mode) and the two
     * reference logits; the largest single array is the work space or the words.
     */
    @Override
    public int batchSize(SimulationSpec spec) {
        int element = float32 ? Float.BYTES : Double.BYTES;
        long work = spec.program().codes()[PathProgram.WORK];
        long words = PathKernel.wordsLength();
        long rows = spec.target().dimension() + PathKernel.OBS_LENGTH;
        long bytes = work * element + words * Long.BYTES + rows * element + (float32 ? rows * Double.BYTES : 0)
                + 2L * Double.BYTES;
        DeviceBatch budget = work * element >= words * Long.BYTES
                ? new DeviceBatch(bytes, Math.max(1, work), element)
                : new DeviceBatch(bytes, words, Long.BYTES);
        return fit(device, budget);
    }

    /**
     * The batch a budget allows on this device: its global memory (capped by {@code tornado.device.memory} when set),
     * its largest allocation and the host's heap.
     */
    static int fit(TornadoDevice device, DeviceBatch budget) {
        long memory = device.getMaxGlobalMemory();
        String cap = System.getProperty(TornadoArithmetic.DEVICE_MEMORY);
        if (cap != null) {
            memory = Math.min(memory, TornadoAPIUtils.parseSize(cap));
        }
        // TornadoVM allocates a buffer only strictly below the largest allocation, with a header of its own
        return budget.size(memory, device.getMaxAllocMemory() - 1024, Runtime.getRuntime().maxMemory());
    }

    /** Device time of the kernels run so far, in nanoseconds (0 would mean nothing ran on the device). */
    long kernelNanos() {
        return kernelNanos;
    }

    @Override
    public void simulate(SimulationSpec spec, ParticleBatch batch) {
        Graph g = graph(spec, batch.capacity(), null);
        for (int k = 0; k < spec.guidances().size(); k++) {
            execute(g, k, batch.first(), batch.count());
            g.copyParticles(batch, k);
        }
    }

    @Override
    public void reduce(SimulationSpec spec, ReductionPlan plan, BatchSums out) {
        Graph g = graph(spec, out.capacity(), plan, out.keepCapacity());
        g.ints[PathTasks.I_KEEP] = out.keep();
        for (int k = 0; k < spec.guidances().size(); k++) {
            TornadoExecutionResult r = execute(g, k, out.first(), out.count());
            System.arraycopy(g.sums, 0, out.blockSums(k), 0, out.blocks() * out.blockLength());
            System.arraycopy(g.counts, 0, out.counts(k), 0, g.counts.length);
            if (out.keep() > 0) {
                r.transferToHost(g.kept);
                System.arraycopy(g.kept, 0, out.keptStates(k), 0, out.keep() * g.d);
            }
        }
    }

    private Graph graph(SimulationSpec spec, int capacity, ReductionPlan plan) {
        return graph(spec, capacity, plan, 0);
    }

    /**
     * The graph of a spec: the current one when it holds the spec, or when its arrays fit the spec's program
     * ({@link Graph#fits}), which then loads the spec's program into them (no new compilation: a sweep's studies, or
     * any studies of one shape, share one compiled kernel); else a new graph, compiled on its first execution.
     */
    private Graph graph(SimulationSpec spec, int capacity, ReductionPlan plan, int keepCapacity) {
        PathProgram program = null;
        if (graph != null && graph.spec != spec) {
            program = spec.program();
            if (graph.fits(spec, program, capacity, plan, keepCapacity)) {
                graph.load(spec, program);
                return graph;
            }
        }
        if (graph == null || graph.spec != spec || graph.capacity != capacity || graph.reduction != plan
                || graph.keepCapacity != keepCapacity) {
            closeGraph();
            // the program built for the fit check serves the new graph (a large mixture's takes a while to pack)
            PathProgram p = program != null ? program : spec.program();
            graph = float32 ? new Graph32(spec, p, capacity, plan, keepCapacity, device)
                    : new Graph64(spec, p, capacity, plan, keepCapacity, device);
            graphsBuilt++;
        }
        return graph;
    }

    /** Task graphs built (each compiled on its first execution) by this backend so far, SMC islands' included. */
    int graphsBuilt() {
        return graphsBuilt;
    }

    /** Program arrays up to this size are sent with every execution, so that a graph can run other programs. */
    static final long REUSABLE_BYTES = 1L << 20;

    /** The transfer mode of a graph's program arrays: every execution when other programs may be loaded. */
    static int programTransfer(boolean reusable) {
        return reusable ? DataTransferMode.EVERY_EXECUTION : DataTransferMode.FIRST_EXECUTION;
    }

    /**
     * The length a program array takes on the device: the next power of two (16 at least), so that studies whose
     * programs differ a little in length (another sampler, guidance form or number of components) share a graph.
     */
    static int padded(int length) {
        int n = 16;
        while (n < length) {
            n <<= 1;
        }
        return n;
    }

    private TornadoExecutionResult execute(Graph g, int guidanceIndex, long first, int count) {
        g.ints[PathTasks.I_GUIDANCE] = guidanceIndex;
        g.ints[PathTasks.I_COUNT] = count;
        g.longs[PathTasks.L_FIRST] = first;
        TornadoExecutionResult r = g.plan.execute();
        kernelNanos += r.getProfilerResult().getDeviceKernelTime();
        return r;
    }

    private void closeGraph() {
        if (graph != null) {
            try {
                graph.plan.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not release the device's memory", e);
            }
            graph = null;
        }
    }

    /**
     * The islands on this backend's device ({@link DeviceIslands}), in float64 whatever this backend's precision (an
     * island's log-weights sum log-density ratios along whole paths). The backend keeps the engine's compiled graph
     * for the next study whose islands fit it ({@link DeviceIslands#fits}: a sweep's, or another of the same shape),
     * and releases it when closed; the engine returned leaves it open.
     */
    @Override
    public org.gdmc.smc.IslandEngine islands(SimulationSpec spec, PathProgram program, org.gdmc.smc.SmcOptions options,
                                             int islands) {
        if (float32) {
            throw new IllegalArgumentException("SMC islands run in float64 only; open the backend in float64");
        }
        org.gdmc.smc.Island.requireNoisyAffine(program.codes(), program.tables());
        if (islandEngine != null && islandEngine.fits(spec, program, options, islands)) {
            islandEngine.load(spec, program, options);
        } else {
            closeIslands();
            islandEngine = new DeviceIslands(spec, program, options, device, islands, nanos -> kernelNanos += nanos);
            graphsBuilt++;
        }
        DeviceIslands engine = islandEngine;
        int capacity = Math.min(islands, engine.capacity());
        return new org.gdmc.smc.IslandEngine() {
            @Override
            public int capacity() {
                return capacity;
            }

            @Override
            public void run(int g, double a, double b, double logPrior, long first, int count,
                            org.gdmc.smc.IslandBatch out) {
                engine.run(g, a, b, logPrior, first, count, out);
            }

            @Override
            public void close() {
                // the backend keeps the compiled graph for its next SMC study and releases it in its own close
            }
        };
    }

    private void closeIslands() {
        if (islandEngine != null) {
            islandEngine.close();
            islandEngine = null;
        }
    }

    @Override
    public void close() {
        closeGraph();
        closeIslands();
    }

    /** The device arrays and execution plan of one (simulation, capacity, reduction), in one precision. */
    private abstract static class Graph {
        /** The spec whose program the arrays hold now. */
        SimulationSpec spec;
        final int capacity;
        final ReductionPlan reduction;
        final int keepCapacity;
        final int d;
        PathProgram program;
        /** The program's codes and metadata, padded ({@link #padded}) and sent with every execution. */
        final int[] codes;
        final int[] meta;
        /** The padded lengths of the tables and parameters (held by the subclass, in its precision). */
        final int tablesLength;
        final int paramsLength;
        /** Doubles of work space per particle the graph holds (at least the program's). */
        final int workCapacity;
        /**
         * Whether other specs' programs may be loaded into this graph: its program arrays are small enough
         * ({@link #REUSABLE_BYTES}) to be sent with every execution; a larger program's are sent once.
         */
        final boolean reusable;
        final int[] ints = new int[ReductionTasks.INTS];
        final long[] longs = new long[PathTasks.LONGS];
        final long[] words;
        int workLength;
        /** Block sums and histogram totals of the last execution (reduction graphs only). */
        final double[] sums;
        final int[] counts;
        /** The kept particles' final states, row by row, copied back only for batches that keep samples. */
        final double[] kept;
        /** The work groups of the block-sum task, when the graph reduces. */
        GridScheduler grid;
        TornadoExecutionPlan plan;

        Graph(SimulationSpec spec, PathProgram program, int capacity, ReductionPlan reduction, int keepCapacity) {
            this.spec = spec;
            this.capacity = capacity;
            this.reduction = reduction;
            this.keepCapacity = keepCapacity;
            this.d = spec.target().dimension();
            this.program = program;
            workLength = program.codes()[PathProgram.WORK];
            workCapacity = workLength;
            codes = new int[padded(program.codes().length)];
            meta = new int[padded(program.meta().length)];
            tablesLength = padded(program.tables().length);
            paramsLength = padded(program.params().length);
            reusable = 4L * (codes.length + meta.length) + 8L * (tablesLength + paramsLength) <= REUSABLE_BYTES;
            System.arraycopy(program.codes(), 0, codes, 0, program.codes().length);
            System.arraycopy(program.meta(), 0, meta, 0, program.meta().length);
            words = new long[capacity * PathKernel.wordsLength()];
            ints[PathTasks.I_DIMENSION] = d;
            ints[PathTasks.I_WORK] = workLength;
            longs[PathTasks.L_SEED] = spec.seed();
            int blocks = capacity / BatchSums.BLOCK;
            int h = reduction == null ? 0 : reduction.countsLength();
            ints[ReductionTasks.I_BLOCK] = BatchSums.BLOCK;
            ints[ReductionTasks.I_LANES] = Math.max(1, Math.min(blocks, LANE_COUNTS_BUDGET / Math.max(1, h)));
            sums = new double[reduction == null ? 0 : blocks * reduction.blockLength()];
            counts = new int[h];
            kept = new double[Math.max(1, keepCapacity * d)];
        }

        /**
         * Adds the reduction of the float64 states and observables (laid out by particle) to tg: reference logits,
         * block sums (one work group of {@value ReductionKernel#TREE_ITEMS} per block), lanes (histogram counts),
         * totals, and the kept particles gathered row by row; the sums and totals come back after every execution,
         * the kept rows on demand.
         */
        final TaskGraph reduce(TaskGraph tg, double[] states, double[] obs) {
            int lanes = ints[ReductionTasks.I_LANES];
            int h = counts.length;
            double[] prog = reduction.program();
            double[] ref = new double[2 * capacity];
            int[] laneCounts = new int[lanes * h];
            return tg.transferToDevice(DataTransferMode.FIRST_EXECUTION, prog, ref, laneCounts, kept)
                    .task("reference", ReductionTasks::reference, capacity, ints, states, obs, ref)
                    .task("blocks", ReductionTasks::blocks, new KernelContext(), capacity, ints, prog, states, obs,
                            ref, sums)
                    .task("lanes", ReductionTasks::lanes, lanes, capacity, ints, prog, states, obs, ref, sums,
                            laneCounts)
                    .task("totals", ReductionTasks::totals, h, ints, laneCounts, counts)
                    .task("kept", PathTasks::gatherKept, Math.max(1, keepCapacity), capacity, ints, states, kept)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, sums, counts)
                    .transferToHost(DataTransferMode.UNDER_DEMAND, kept);
        }

        /** From the device's layout by particle (element k of particle i at k·capacity + i) to rows of n elements. */
        final void rows(double[] from, double[] to, int count, int n) {
            for (int i = 0; i < count; i++) {
                for (int k = 0; k < n; k++) {
                    to[i * n + k] = from[k * capacity + i];
                }
            }
        }

        /**
         * Whether the spec's program p fits this graph's arrays: the same capacity, reduction and kept rows and the
         * same dimension; program arrays no longer than the graph's (padded) ones, and no more work space per particle
         * than the graph holds.
         */
        final boolean fits(SimulationSpec other, PathProgram p, int capacity, ReductionPlan plan, int keepCapacity) {
            return reusable && capacity == this.capacity && plan == reduction && keepCapacity == this.keepCapacity
                    && other.target().dimension() == d && p.codes().length <= codes.length
                    && p.meta().length <= meta.length && p.tables().length <= tablesLength
                    && p.params().length <= paramsLength && p.codes()[PathProgram.WORK] <= workCapacity;
        }

        /** Loads a fitting spec's program (p, its {@code program()}) into the arrays: the next executions run it. */
        final void load(SimulationSpec other, PathProgram p) {
            spec = other;
            program = p;
            java.util.Arrays.fill(codes, 0);
            java.util.Arrays.fill(meta, 0);
            System.arraycopy(program.codes(), 0, codes, 0, program.codes().length);
            System.arraycopy(program.meta(), 0, meta, 0, program.meta().length);
            workLength = program.codes()[PathProgram.WORK];
            ints[PathTasks.I_WORK] = workLength;
            longs[PathTasks.L_SEED] = other.seed();
            loadTables(program);
        }

        /** Copies the program's tables and parameters into the padded arrays (rounded to float in float32). */
        abstract void loadTables(PathProgram p);

        /** Builds the execution plan of the graph on the device. */
        final void install(TaskGraph tg, TornadoDevice device) {
            ImmutableTaskGraph itg = tg.snapshot();
            plan = new TornadoExecutionPlan(itg);
            plan.withDevice(device).withProfiler(ProfilerMode.SILENT);
            if (reduction != null) {
                WorkerGrid1D groups = new WorkerGrid1D(capacity / BatchSums.BLOCK * ReductionKernel.TREE_ITEMS);
                groups.setLocalWork(ReductionKernel.TREE_ITEMS, 1, 1);
                grid = new GridScheduler(tg.getTaskGraphName() + ".blocks", groups);
                plan.withGridScheduler(grid);
            }
        }

        /** Copies the last execution's states and observables into guidance g of the batch (sample graphs only). */
        abstract void copyParticles(ParticleBatch batch, int g);
    }

    private static final class Graph64 extends Graph {
        private final double[] states;
        private final double[] obs;

        private final double[] tables;
        private final double[] params;

        Graph64(SimulationSpec spec, PathProgram program, int capacity, ReductionPlan reduction, int keepCapacity,
                TornadoDevice device) {
            super(spec, program, capacity, reduction, keepCapacity);
            tables = new double[tablesLength];
            params = new double[paramsLength];
            loadTables(program);
            double[] work = new double[capacity * workLength];
            states = new double[capacity * d];
            obs = new double[capacity * PathKernel.OBS_LENGTH];
            TaskGraph tg = new TaskGraph("gdmc")
                    .transferToDevice(DataTransferMode.FIRST_EXECUTION, work, words, states, obs)
                    .transferToDevice(programTransfer(reusable), codes, tables, params, meta)
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, ints, longs)
                    .task("paths", PathTasks::paths, capacity, ints, longs, codes, tables, params, meta, states, obs,
                            work, words);
            install(reduction == null ? tg.transferToHost(DataTransferMode.EVERY_EXECUTION, states, obs)
                    : reduce(tg, states, obs), device);
        }

        @Override
        void loadTables(PathProgram p) {
            java.util.Arrays.fill(tables, 0.0);
            java.util.Arrays.fill(params, 0.0);
            System.arraycopy(p.tables(), 0, tables, 0, p.tables().length);
            System.arraycopy(p.params(), 0, params, 0, p.params().length);
        }

        @Override
        void copyParticles(ParticleBatch batch, int g) {
            rows(states, batch.states(g), batch.count(), d);
            rows(obs, batch.observables(g), batch.count(), PathKernel.OBS_LENGTH);
        }
    }

    private static final class Graph32 extends Graph {
        private final float[] states;
        private final float[] obs;

        private final float[] tables;
        private final float[] params;

        Graph32(SimulationSpec spec, PathProgram program, int capacity, ReductionPlan reduction, int keepCapacity,
                TornadoDevice device) {
            super(spec, program, capacity, reduction, keepCapacity);
            tables = new float[tablesLength];
            params = new float[paramsLength];
            loadTables(program);
            float[] work = new float[capacity * workLength];
            states = new float[capacity * d];
            obs = new float[capacity * PathKernel.OBS_LENGTH];
            TaskGraph tg = new TaskGraph("gdmc32")
                    .transferToDevice(DataTransferMode.FIRST_EXECUTION, work, words, states, obs)
                    .transferToDevice(programTransfer(reusable), codes, tables, params, meta)
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, ints, longs)
                    .task("paths", PathTasks::pathsF32, capacity, ints, longs, codes, tables, params, meta, states,
                            obs, work, words);
            if (reduction == null) {
                install(tg.transferToHost(DataTransferMode.EVERY_EXECUTION, states, obs), device);
            } else {
                double[] wideStates = new double[states.length];
                double[] wideObs = new double[obs.length];
                tg.transferToDevice(DataTransferMode.FIRST_EXECUTION, wideStates, wideObs)
                        .task("widenStates", ReductionTasks::widen, states.length, states, wideStates)
                        .task("widenObs", ReductionTasks::widen, obs.length, obs, wideObs);
                install(reduce(tg, wideStates, wideObs), device);
            }
        }

        @Override
        void loadTables(PathProgram p) {
            java.util.Arrays.fill(tables, 0.0f);
            java.util.Arrays.fill(params, 0.0f);
            System.arraycopy(FloatArrays.narrow(p.tables()), 0, tables, 0, p.tables().length);
            System.arraycopy(FloatArrays.narrow(p.params()), 0, params, 0, p.params().length);
        }

        @Override
        void copyParticles(ParticleBatch batch, int g) {
            rows(states, batch.states(g), batch.count(), d);
            rows(obs, batch.observables(g), batch.count(), PathKernel.OBS_LENGTH);
        }

        /** As {@link Graph#rows}, widening float to double. */
        private void rows(float[] from, double[] to, int count, int n) {
            for (int i = 0; i < count; i++) {
                for (int k = 0; k < n; k++) {
                    to[i * n + k] = from[k * capacity + i];
                }
            }
        }
    }
}
