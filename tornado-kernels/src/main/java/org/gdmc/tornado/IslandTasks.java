package org.gdmc.tornado;

import org.gdmc.smc.IslandKernel;
import org.gdmc.tornado.f64.IslandKernelF64;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The device tasks of SMC islands ({@link DeviceIslands}): each runs one phase of {@link IslandKernel} (its generated
 * float64 copy {@link IslandKernelF64}) over every particle of a batch of islands, or over every island, when the
 * execution's flag for that phase is set, so one task graph run once per node (and once more per Langevin move)
 * takes every island through its nodes in the CPU's order. Particle q of the batch is particle k = q − jM of island
 * j = q / M, study particle (first island + j)·M + k; its record, scratch and outputs are laid out by particle
 * (element e at e·capacity + q); island j's figures are at j·{@link IslandKernel#ISLAND}. The tasks' names are
 * their kernels' names: none may be an OpenCL built-in (a kernel named {@code select} is not found in the built
 * program, and PoCL crashes on the launch: docs/tornadovm-traps.md).
 */
public final class IslandTasks {
    /** Offsets in the ints sent with every execution. */
    public static final int I_NODE = 0;
    public static final int I_MOVE = 1;
    public static final int I_GUIDANCE = 2;
    public static final int I_ISLANDS = 3;
    public static final int I_SIZE = 4;
    public static final int I_DIMENSION = 5;
    public static final int I_RULE = 6;
    public static final int I_MOVES = 7;
    /** The phases' flags (1: run it in this execution). */
    public static final int F_START = 8;
    public static final int F_ADVANCE = 9;
    public static final int F_WEIGH = 10;
    public static final int F_SELECT = 11;
    public static final int F_MOVE = 12;
    public static final int F_FINISH = 13;
    /** 1 when this move's acceptance sizes the island's step (the ladder's first scale). */
    public static final int F_ADAPT = 14;
    public static final int INTS = 15;
    /**
     * Offsets in the doubles: the target's exponents a and b, log π_c, the ESS threshold θ, and the multiple of the
     * island's step that this move takes.
     */
    public static final int R_A = 0;
    public static final int R_B = 1;
    public static final int R_LOG_PRIOR = 2;
    public static final int R_THRESHOLD = 3;
    public static final int R_SCALE = 4;
    public static final int REALS = 5;
    /** Offsets in the longs: the seed and the batch's first island. */
    public static final int L_SEED = 0;
    public static final int L_FIRST_ISLAND = 1;
    public static final int LONGS = 2;

    private IslandTasks() {
    }

    /** 1 when work item q is a particle of this batch and the flag's phase runs, else 0. */
    private static int live(int q, int[] ints, int flag) {
        return (q < ints[I_ISLANDS] * ints[I_SIZE] ? 1 : 0) * ints[flag];
    }

    /** 1 when work item j is an island of this batch and the flag's phase runs, else 0. */
    private static int liveIsland(int j, int[] ints, int flag) {
        return (j < ints[I_ISLANDS] ? 1 : 0) * ints[flag];
    }

    /** The study particle of work item q. */
    private static long particle(int q, int[] ints, long[] longs) {
        return longs[L_FIRST_ISLAND] * ints[I_SIZE] + q;
    }

    /** Start: the islands' figures opened. */
    public static void openIslands(int islands, int[] ints, int[] codes, double[] tables, double[] isl) {
        for (@Parallel int j = 0; j < islands; j++) {
            if (liveIsland(j, ints, F_START) == 1) {
                IslandKernelF64.open(codes, tables, ints[I_SIZE], isl, j * IslandKernel.ISLAND);
            }
        }
    }

    /** Start: every particle drawn from the start law. */
    public static void startParticles(int capacity, int[] ints, long[] longs, int[] codes, double[] tables,
                                      double[] rec, double[] work, long[] words) {
        for (@Parallel int q = 0; q < capacity; q++) {
            if (live(q, ints, F_START) == 1) {
                IslandKernelF64.start(codes, tables, longs[L_SEED], particle(q, ints, longs), rec, q, work, q, words,
                        q, capacity);
            }
        }
    }

    /** Node i ≥ 1: every particle's step from node i − 1. */
    public static void advanceParticles(int capacity, int[] ints, long[] longs, int[] codes, double[] tables,
                                        double[] rec, double[] scratch, long[] words) {
        for (@Parallel int q = 0; q < capacity; q++) {
            if (live(q, ints, F_ADVANCE) == 1) {
                IslandKernelF64.advance(codes, tables, ints[I_NODE] - 1, longs[L_SEED], particle(q, ints, longs),
                        ints[I_RULE], rec, q, scratch, q, words, q, capacity);
            }
        }
    }

    /** Node i: every particle's guided score and weight. */
    public static void weighParticles(int capacity, int[] ints, double[] reals, int[] codes, double[] tables,
                                      double[] params, int[] meta, double[] rec, double[] work) {
        for (@Parallel int q = 0; q < capacity; q++) {
            if (live(q, ints, F_WEIGH) == 1) {
                IslandKernelF64.weigh(codes, tables, params, meta, ints[I_GUIDANCE], ints[I_NODE], reals[R_A],
                        reals[R_B], reals[R_LOG_PRIOR], ints[I_RULE], ints[I_MOVES], rec, q, work, q, capacity);
            }
        }
    }

    /** Node i &lt; n: every island's resampling decision and ancestors. */
    public static void chooseAncestors(int islands, int capacity, int[] ints, double[] reals, long[] longs,
                                       double[] rec, int[] ancestor, double[] isl, long[] islandWords) {
        for (@Parallel int j = 0; j < islands; j++) {
            if (liveIsland(j, ints, F_SELECT) == 1) {
                int m = ints[I_SIZE];
                IslandKernelF64.select(longs[L_SEED], longs[L_FIRST_ISLAND] + j, ints[I_NODE], reals[R_THRESHOLD], m,
                        ints[I_DIMENSION], rec, j * m, 1, capacity, ancestor, j * m, isl, j * IslandKernel.ISLAND,
                        islandWords, j, islands);
            }
        }
    }

    /** 1 when particle q's island resampled at this node. */
    private static int resampled(int q, int[] ints, double[] isl) {
        return isl[q / ints[I_SIZE] * IslandKernel.ISLAND + IslandKernel.RESAMPLED] > 0.5 ? 1 : 0;
    }

    /** Node i &lt; n: the records of the islands that resample, kept. */
    public static void keepRecords(int capacity, int[] ints, double[] rec, double[] spare, double[] isl) {
        for (@Parallel int q = 0; q < capacity; q++) {
            if (live(q, ints, F_SELECT) == 1) {
                if (resampled(q, ints, isl) == 1) {
                    IslandKernelF64.keep(ints[I_DIMENSION], rec, spare, q, capacity);
                }
            }
        }
    }

    /** Node i &lt; n: each particle of an island that resamples takes its ancestor's kept record. */
    public static void inheritRecords(int capacity, int[] ints, double[] spare, double[] rec, int[] ancestor,
                                      double[] isl) {
        for (@Parallel int q = 0; q < capacity; q++) {
            if (live(q, ints, F_SELECT) == 1) {
                if (resampled(q, ints, isl) == 1) {
                    int m = ints[I_SIZE];
                    IslandKernelF64.inherit(ints[I_DIMENSION], spare, q / m * m + ancestor[q], rec, q, capacity);
                }
            }
        }
    }

    /** Node i &lt; n, move r: every particle's Langevin step at its island's step size times this move's scale. */
    public static void moveParticles(int capacity, int[] ints, double[] reals, long[] longs, int[] codes,
                                     double[] tables, double[] params, int[] meta, double[] rec, double[] work,
                                     double[] scratch, long[] words, double[] isl) {
        for (@Parallel int q = 0; q < capacity; q++) {
            if (live(q, ints, F_MOVE) == 1) {
                int n = codes[org.gdmc.kernel.PathProgram.STEPS];
                long noiseStep = n + 1L + (long) ints[I_NODE] * ints[I_MOVES] + ints[I_MOVE];
                double step = isl[q / ints[I_SIZE] * IslandKernel.ISLAND + IslandKernel.STEP_SIZE] * reals[R_SCALE];
                IslandKernelF64.move(codes, tables, params, meta, ints[I_GUIDANCE], ints[I_NODE], reals[R_A],
                        reals[R_B], reals[R_LOG_PRIOR], longs[L_SEED], particle(q, ints, longs), noiseStep, step, rec,
                        q, work, q, scratch, q, words, q, capacity);
            }
        }
    }

    /** Node i &lt; n, move r: every island's tally of accepted moves, and at the ladder's first scale its step size. */
    public static void adaptSteps(int islands, int capacity, int[] ints, double[] rec, double[] isl) {
        for (@Parallel int j = 0; j < islands; j++) {
            if (liveIsland(j, ints, F_MOVE) == 1) {
                int m = ints[I_SIZE];
                IslandKernelF64.adapt(m, ints[I_DIMENSION], rec, j * m, 1, capacity, isl, j * IslandKernel.ISLAND,
                        ints[F_ADAPT]);
            }
        }
    }

    /** The end: every particle's last weight factor, log Q₀, observables and final state. */
    public static void finishParticles(int capacity, int[] ints, double[] reals, int[] codes, double[] tables,
                                       double[] params, int[] meta, double[] rec, double[] work, double[] states,
                                       double[] obs, double[] logTarget) {
        for (@Parallel int q = 0; q < capacity; q++) {
            if (live(q, ints, F_FINISH) == 1) {
                IslandKernelF64.finish(codes, tables, params, meta, reals[R_A], reals[R_B], reals[R_LOG_PRIOR], rec, q,
                        obs, q, logTarget, q, work, q, capacity);
                int d = ints[I_DIMENSION];
                for (int e = 0; e < d; e++) {
                    states[e * capacity + q] = rec[e * capacity + q];
                }
            }
        }
    }

    /** The end: every island's weights normalised, log Ẑ and final ESS. */
    public static void closeIslands(int islands, int capacity, int[] ints, double[] rec, double[] weights,
                                    double[] isl) {
        for (@Parallel int j = 0; j < islands; j++) {
            if (liveIsland(j, ints, F_FINISH) == 1) {
                int m = ints[I_SIZE];
                IslandKernelF64.close(m, ints[I_DIMENSION], rec, j * m, 1, capacity, weights, j * m, isl,
                        j * IslandKernel.ISLAND);
            }
        }
    }
}
