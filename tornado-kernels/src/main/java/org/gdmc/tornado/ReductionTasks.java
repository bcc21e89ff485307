package org.gdmc.tornado;

import org.gdmc.estimate.ReductionKernel;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The device side of the estimators' reductions ({@link ReductionKernel}, the host's own code inlined): a
 * deterministic two-stage scheme that needs no atomics and no {@code @Reduce} (both unreliable on OpenCL CPU devices).
 * Block sums: one work item per block of particles, sequential in particle order, exactly as the CPU does it.
 * Histograms: one work item per lane (a contiguous particle range) into its own counts, then one work item per bin
 * summing the lanes; integer counts make the result independent of the lane layout.
 */
public final class ReductionTasks {
    /** Offsets in the {@code ints} argument, after {@link PathTasks}'. */
    public static final int I_GUIDANCE_INDEX = PathTasks.INTS;
    public static final int I_BLOCK = PathTasks.INTS + 1;
    public static final int I_BLOCK_LENGTH = PathTasks.INTS + 2;
    public static final int I_COUNTS = PathTasks.INTS + 3;
    public static final int I_LANES = PathTasks.INTS + 4;
    public static final int INTS = PathTasks.INTS + 5;

    private ReductionTasks() {
    }

    /** Under the sweep's first guidance, keeps each particle's reference (logit, finite) for the paired terms. */
    public static void reference(int capacity, int[] ints, double[] states, double[] obs, double[] ref) {
        for (@Parallel int i = 0; i < capacity; i++) {
            if (i < ints[PathTasks.I_COUNT] * (ints[I_GUIDANCE_INDEX] == 0 ? 1 : 0)) {
                ReductionKernel.reference(states, obs, ints[PathTasks.I_DIMENSION], i, ref);
            }
        }
    }

    /** Block b's sums, b &lt; ⌈count / block⌉. */
    public static void blocks(int blocks, int[] ints, double[] prog, double[] states, double[] obs, double[] ref,
                              double[] sums) {
        for (@Parallel int b = 0; b < blocks; b++) {
            int block = ints[I_BLOCK];
            int count = ints[PathTasks.I_COUNT];
            if (b * block < count) {
                ReductionKernel.block(prog, states, obs, ref, b * block, Math.min(count, (b + 1) * block), sums,
                        b * ints[I_BLOCK_LENGTH]);
            }
        }
    }

    /** Lane l's counts of particles [count·l/lanes, count·(l+1)/lanes). */
    public static void lanes(int lanes, int[] ints, double[] prog, double[] states, double[] obs, double[] ref,
                             int[] laneCounts) {
        for (@Parallel int l = 0; l < lanes; l++) {
            int h = ints[I_COUNTS];
            int count = ints[PathTasks.I_COUNT];
            for (int k = 0; k < h; k++) {
                laneCounts[l * h + k] = 0;
            }
            int from = (int) ((long) count * l / lanes);
            int to = (int) ((long) count * (l + 1) / lanes);
            ReductionKernel.count(prog, states, obs, ref, from, to, laneCounts, l * h);
        }
    }

    /** counts[k] = Σ_l laneCounts[l·h + k]. */
    public static void totals(int h, int[] ints, int[] laneCounts, int[] counts) {
        for (@Parallel int k = 0; k < h; k++) {
            int lanes = ints[I_LANES];
            int s = 0;
            for (int l = 0; l < lanes; l++) {
                s += laneCounts[l * h + k];
            }
            counts[k] = s;
        }
    }

    /** to[i] = from[i], i &lt; n: the float32 paths' output widened for the float64 reductions. */
    public static void widen(int n, float[] from, double[] to) {
        for (@Parallel int i = 0; i < n; i++) {
            to[i] = from[i];
        }
    }
}
