package org.gdmc.tornado;

import org.gdmc.backend.BatchSums;
import org.gdmc.backend.DeviceBatch;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.kernel.PathKernel;
import org.gdmc.kernel.PathProgram;
import org.gdmc.smc.IslandBatch;
import org.gdmc.smc.IslandEngine;
import org.gdmc.smc.IslandKernel;
import org.gdmc.smc.SmcOptions;

import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.enums.ProfilerMode;

/**
 * SMC islands on a device, in float64: one task graph holding every phase of {@link IslandKernel}
 * ({@link IslandTasks}), executed once per node with that node's phases flagged on, and once more per further
 * Langevin move, so every island of the batch goes through the CPU's sequence: start, then at each node i the step
 * from i − 1, the weights, the resampling decision and copies, the moves; at the last node the end factor and the
 * normalisation. The particles' records stay on the device; only a few ints, doubles and longs go in per execution
 * (with the program's arrays when they are small, so that another simulation of the same shape runs on the same
 * compiled graph: {@link #fits}, {@link #load}), and after the last one the final states, observables, weights,
 * log Q₀ and the islands' figures come back. A resampling is a device step: each island's decision and systematic
 * draw by one work item, the copies by one work item per particle.
 */
final class DeviceIslands implements IslandEngine {
    private final int size;
    private final int islands;
    private final int capacity;
    private final int d;
    /** Doubles of work space per particle the engine holds. */
    private final int workCapacity;
    /**
     * Whether other programs may be loaded: the program arrays ({@link TornadoBackend#padded} lengths) are small
     * enough ({@link TornadoBackend#REUSABLE_BYTES}) to be sent with every execution.
     */
    private final boolean reusable;
    private final int[] codes;
    private final double[] tables;
    private final double[] params;
    private final int[] meta;
    /** The loaded study's options: its moves and their ladder of step scales. */
    private SmcOptions options;
    private int steps;
    private final int[] ints = new int[IslandTasks.INTS];
    private final double[] reals = new double[IslandTasks.REALS];
    private final long[] longs = new long[IslandTasks.LONGS];
    private final double[] states;
    private final double[] obs;
    private final double[] weights;
    private final double[] logTarget;
    private final double[] isl;
    private final TornadoExecutionPlan plan;
    private final java.util.function.LongConsumer kernelTime;

    /**
     * @param program the proposal's program (a stochastic affine sampler with noise at every step)
     * @param islands    most islands per call; fewer when the device's memory holds fewer
     * @param kernelTime receives the device time of each execution's kernels, in nanoseconds
     */
    DeviceIslands(SimulationSpec spec, PathProgram program, SmcOptions options, TornadoDevice device, int islands,
                  java.util.function.LongConsumer kernelTime) {
        this.kernelTime = kernelTime;
        this.size = options.island();
        this.d = spec.target().dimension();
        int work = Math.max(program.codes()[PathProgram.WORK], PathKernel.workLength(d));
        this.workCapacity = work;
        int record = IslandKernel.record(d);
        int scratch = IslandKernel.scratch(d);
        long perParticle = Double.BYTES * (2L * record + work + scratch + d + PathKernel.OBS_LENGTH + 2)
                + Long.BYTES * (long) PathKernel.wordsLength() + Integer.BYTES;
        int largest = Math.max(work, 2 * record);
        int fit = TornadoBackend.fit(device, new DeviceBatch(perParticle, largest, Double.BYTES));
        this.islands = Math.max(1, Math.min(islands, Math.max(BatchSums.BLOCK, fit) / size));
        this.capacity = this.islands * size;
        int c = capacity;
        ints[IslandTasks.I_SIZE] = size;
        ints[IslandTasks.I_DIMENSION] = d;
        codes = new int[TornadoBackend.padded(program.codes().length)];
        tables = new double[TornadoBackend.padded(program.tables().length)];
        params = new double[TornadoBackend.padded(program.params().length)];
        meta = new int[TornadoBackend.padded(program.meta().length)];
        reusable = 4L * (codes.length + meta.length) + 8L * (tables.length + params.length)
                <= TornadoBackend.REUSABLE_BYTES;
        load(spec, program, options);
        double[] rec = new double[c * record];
        double[] spare = new double[c * record];
        double[] workSpace = new double[c * work];
        double[] scratchSpace = new double[c * scratch];
        long[] words = new long[c * PathKernel.wordsLength()];
        int[] ancestor = new int[c];
        long[] islandWords = new long[this.islands * PathKernel.wordsLength()];
        states = new double[c * d];
        obs = new double[c * PathKernel.OBS_LENGTH];
        weights = new double[c];
        logTarget = new double[c];
        isl = new double[this.islands * IslandKernel.ISLAND];
        int n = this.islands;
        TaskGraph tg = new TaskGraph("islands")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, rec, spare, workSpace, scratchSpace, words,
                        ancestor, islandWords, states, obs, weights, logTarget, isl)
                .transferToDevice(TornadoBackend.programTransfer(reusable), codes, tables, params, meta)
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, ints, reals, longs)
                .task("openIslands", IslandTasks::openIslands, n, ints, codes, tables, isl)
                .task("startParticles", IslandTasks::startParticles, c, ints, longs, codes, tables, rec, workSpace,
                        words)
                .task("advanceParticles", IslandTasks::advanceParticles, c, ints, longs, codes, tables, rec,
                        scratchSpace, words)
                .task("weighParticles", IslandTasks::weighParticles, c, ints, reals, codes, tables, params, meta,
                        rec, workSpace)
                .task("chooseAncestors", IslandTasks::chooseAncestors, n, c, ints, reals, longs, rec, ancestor,
                        isl, islandWords)
                .task("keepRecords", IslandTasks::keepRecords, c, ints, rec, spare, isl)
                .task("inheritRecords", IslandTasks::inheritRecords, c, ints, spare, rec, ancestor, isl)
                .task("moveParticles", IslandTasks::moveParticles, c, ints, reals, longs, codes, tables, params,
                        meta, rec, workSpace, scratchSpace, words, isl)
                .task("adaptSteps", IslandTasks::adaptSteps, n, c, ints, rec, isl)
                .task("finishParticles", IslandTasks::finishParticles, c, ints, reals, codes, tables, params,
                        meta, rec, workSpace, states, obs, logTarget)
                .task("closeIslands", IslandTasks::closeIslands, n, c, ints, rec, weights, isl)
                .transferToHost(DataTransferMode.UNDER_DEMAND, states, obs, weights, logTarget, isl);
        ImmutableTaskGraph itg = tg.snapshot();
        plan = new TornadoExecutionPlan(itg);
        plan.withDevice(device).withProfiler(ProfilerMode.SILENT);
    }

    /**
     * Whether this engine's compiled graph can run another simulation's islands: its program arrays are reusable and
     * the other's fit them, in the same dimension, island size and work space, at most as many islands per call.
     */
    boolean fits(SimulationSpec spec, PathProgram program, SmcOptions options, int islands) {
        return reusable && spec.target().dimension() == d && options.island() == size && islands <= this.islands
                && program.codes().length <= codes.length && program.tables().length <= tables.length
                && program.params().length <= params.length && program.meta().length <= meta.length
                && Math.max(program.codes()[PathProgram.WORK], PathKernel.workLength(d)) <= workCapacity;
    }

    /** Loads a simulation's program and options into the engine's arrays: the next runs run its islands. */
    void load(SimulationSpec spec, PathProgram program, SmcOptions options) {
        java.util.Arrays.fill(codes, 0);
        java.util.Arrays.fill(tables, 0.0);
        java.util.Arrays.fill(params, 0.0);
        java.util.Arrays.fill(meta, 0);
        System.arraycopy(program.codes(), 0, codes, 0, program.codes().length);
        System.arraycopy(program.tables(), 0, tables, 0, program.tables().length);
        System.arraycopy(program.params(), 0, params, 0, program.params().length);
        System.arraycopy(program.meta(), 0, meta, 0, program.meta().length);
        this.options = options;
        steps = program.codes()[PathProgram.STEPS];
        ints[IslandTasks.I_RULE] = options.weights().code();
        ints[IslandTasks.I_MOVES] = options.moves();
        reals[IslandTasks.R_THRESHOLD] = options.ess();
        longs[IslandTasks.L_SEED] = spec.seed();
    }

    @Override
    public int capacity() {
        return islands;
    }

    @Override
    public void run(int g, double a, double b, double logPrior, long first, int count, IslandBatch out) {
        if (count < 1 || count > islands || count > out.islands() || out.size() != size || out.dimension() != d) {
            throw new IllegalArgumentException(count + " islands of " + out.size() + " in dimension "
                    + out.dimension() + " for an engine of " + islands + " islands of " + size + " in dimension "
                    + d);
        }
        ints[IslandTasks.I_GUIDANCE] = g;
        ints[IslandTasks.I_ISLANDS] = count;
        reals[IslandTasks.R_A] = a;
        reals[IslandTasks.R_B] = b;
        reals[IslandTasks.R_LOG_PRIOR] = logPrior;
        longs[IslandTasks.L_FIRST_ISLAND] = first;
        TornadoExecutionResult last = null;
        int moves = options.moves();
        for (int i = 0; i <= steps; i++) {
            boolean end = i == steps;
            for (int r = 0; r < (end ? 1 : Math.max(1, moves)); r++) {
                boolean node = r == 0;
                ints[IslandTasks.I_NODE] = i;
                ints[IslandTasks.I_MOVE] = r;
                ints[IslandTasks.F_START] = node && i == 0 ? 1 : 0;
                ints[IslandTasks.F_ADVANCE] = node && i > 0 ? 1 : 0;
                ints[IslandTasks.F_WEIGH] = node ? 1 : 0;
                ints[IslandTasks.F_SELECT] = node && !end ? 1 : 0;
                ints[IslandTasks.F_MOVE] = !end && moves > 0 ? 1 : 0;
                ints[IslandTasks.F_FINISH] = end ? 1 : 0;
                ints[IslandTasks.F_ADAPT] = options.adapts(i, r) ? 1 : 0;
                reals[IslandTasks.R_SCALE] = options.scale(i, r);
                last = plan.execute();
                kernelTime.accept(last.getProfilerResult().getDeviceKernelTime());
            }
        }
        last.transferToHost(states, obs, weights, logTarget, isl);
        int n = count * size;
        for (int q = 0; q < n; q++) {
            for (int e = 0; e < d; e++) {
                out.states()[q * d + e] = states[e * capacity + q];
            }
            for (int e = 0; e < PathKernel.OBS_LENGTH; e++) {
                out.observables()[q * PathKernel.OBS_LENGTH + e] = obs[e * capacity + q];
            }
        }
        System.arraycopy(weights, 0, out.weights(), 0, n);
        System.arraycopy(logTarget, 0, out.logTarget(), 0, n);
        System.arraycopy(isl, 0, out.figures(), 0, count * IslandKernel.ISLAND);
    }

    @Override
    public void close() {
        try {
            plan.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not release the device's memory", e);
        }
    }
}
