package org.gdmc.tornado;

import org.gdmc.estimate.ReductionKernel;
import org.gdmc.tornado.f64.ReductionKernelF64;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The device side of the estimators' reductions ({@link ReductionKernel}, the host's own code, inlined as its float64
 * device copy {@link ReductionKernelF64} with gdmc's own exp): a
 * deterministic two-stage scheme that needs no atomics and no {@code @Reduce} (both unreliable on OpenCL CPU devices).
 * One work item per lane (a run of whole blocks) takes each of its blocks' sums in particle order, exactly as the CPU
 * does, and counts into the lane's own histograms; then one work item per bin sums the lanes. Integer counts make the
 * result independent of the lane layout.
 */
public final class ReductionTasks {
    /** Offsets in the {@code ints} argument, after {@link PathTasks}'. */
    public static final int I_BLOCK = PathTasks.INTS;
    public static final int I_LANES = PathTasks.INTS + 1;
    public static final int INTS = PathTasks.INTS + 2;

    private ReductionTasks() {
    }

    /** Under the sweep's first guidance, keeps each particle's reference (logit, finite) for the paired terms. */
    public static void reference(int capacity, int[] ints, double[] states, double[] obs, double[] ref) {
        for (@Parallel int i = 0; i < capacity; i++) {
            if (i < ints[PathTasks.I_COUNT] * (ints[PathTasks.I_GUIDANCE] == 0 ? 1 : 0)) {
                ReductionKernelF64.reference(states, obs, ints[PathTasks.I_DIMENSION], i, ref, capacity);
            }
        }
    }

    /**
     * Lane l's blocks: their sums in particle order, exactly as the CPU takes them, and the lane's own histogram
     * counts ({@link ReductionKernel#reduceLane}).
     */
    public static void lanes(int lanes, int capacity, int[] ints, double[] prog, double[] states, double[] obs,
                             double[] ref, double[] sums, int[] laneCounts) {
        for (@Parallel int l = 0; l < lanes; l++) {
            ReductionKernelF64.reduceLane(prog, states, obs, ref, ints[PathTasks.I_COUNT], ints[I_BLOCK], l, lanes, sums,
                    laneCounts, capacity);
        }
    }

    /** counts[k] = Σ_l laneCounts[l·h + k]. */
    public static void totals(int h, int[] ints, int[] laneCounts, int[] counts) {
        for (@Parallel int k = 0; k < h; k++) {
            counts[k] = ReductionKernelF64.laneTotal(laneCounts, ints[I_LANES], h, k);
        }
    }

    /** to[i] = from[i], i &lt; n: the float32 paths' output widened for the float64 reductions. */
    public static void widen(int n, float[] from, double[] to) {
        for (@Parallel int i = 0; i < n; i++) {
            to[i] = from[i];
        }
    }
}
