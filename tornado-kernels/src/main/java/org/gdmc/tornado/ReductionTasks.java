package org.gdmc.tornado;

import org.gdmc.estimate.WorkGroupTree;
import org.gdmc.estimate.ReductionKernel;
import org.gdmc.tornado.f64.ReductionKernelF64;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The device side of the estimators' reductions ({@link ReductionKernel}, the host's own code, inlined as its float64
 * device copy {@link ReductionKernelF64} with gdmc's own exp), with no atomics and no {@code @Reduce} (both unreliable
 * on OpenCL CPU devices):
 * <ul>
 *   <li>the block sums (mean terms and co-moments): one work group of {@value ReductionKernel#TREE_ITEMS} work items
 *   per block of 1,024 particles, each item its four particles, then a fixed pairwise tree in local memory
 *   ({@link #blocks}), the order {@link WorkGroupTree} reproduces on the CPU;</li>
 *   <li>the histograms: one work item per lane (a run of whole blocks) counts into the lane's own histograms, then one
 *   work item per bin sums the lanes; integer counts make the result independent of the lane layout.</li>
 * </ul>
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
     * Lane l's blocks: the lane's own histogram counts ({@link ReductionKernel#reduceLane}); the block sums are the
     * work groups' ({@link #blocks}).
     */
    public static void lanes(int lanes, int capacity, int[] ints, double[] prog, double[] states, double[] obs,
                             double[] ref, double[] sums, int[] laneCounts) {
        for (@Parallel int l = 0; l < lanes; l++) {
            ReductionKernelF64.reduceLane(prog, states, obs, ref, ints[PathTasks.I_COUNT], ints[I_BLOCK], l, lanes, sums,
                    laneCounts, capacity, ReductionKernel.HISTOGRAMS);
        }
    }

    /**
     * Block g's sums by work group g ({@value ReductionKernel#TREE_ITEMS} work items, global size capacity/4): item l
     * reduces its particles g·1024 + l + 256k, k &lt; 4, then the items merge pairwise in local memory (for
     * s = 128 … 1, item l &lt; s takes in item l + s), one tree per mean term, then for the co-moments one per
     * coordinate sum and one per pair's six sums about the block means, which item 0 writes to the block's sums and
     * every item reads back after a global barrier. Every branch around a barrier depends on the program only, so the
     * whole group reaches each barrier. The order is {@link WorkGroupTree}'s. The local array is read and written
     * here only, never passed to a helper: TornadoVM 5.2 then indexes it as a global array, by bytes past a header
     * (docs/tornadovm-traps.md).
     */
    public static void blocks(KernelContext context, int capacity, int[] ints, double[] prog, double[] states,
                              double[] obs, double[] ref, double[] sums) {
        double[] shared = context.allocateDoubleLocalArray(ReductionKernel.TREE_SLOTS * ReductionKernel.TREE_ITEMS);
        double[] p = new double[ReductionKernel.TREE_PRIVATE];
        int l = context.localIdx;
        int g = context.groupIdx;
        int start = g * WorkGroupTree.BLOCK;
        int end = Math.min(ints[PathTasks.I_COUNT], start + WorkGroupTree.BLOCK);
        int out = g * ReductionKernelF64.blockLength(prog);
        ReductionKernelF64.treeFeatures(prog, states, obs, start, end, l, p, capacity);
        int terms = ReductionKernelF64.terms(prog);
        for (int t = 0; t < terms; t++) {
            int o = ReductionKernelF64.meanOffset(prog, t);
            if (o >= 0) {
                ReductionKernelF64.treeMean(prog, t, obs, ref, start, end, l, p, capacity);
                shared[l] = p[ReductionKernel.TREE_ACC];
                shared[ReductionKernel.TREE_ITEMS + l] = p[ReductionKernel.TREE_ACC + 1];
                shared[2 * ReductionKernel.TREE_ITEMS + l] = p[ReductionKernel.TREE_ACC + 2];
                context.localBarrier();
                for (int s = ReductionKernel.TREE_ITEMS / 2; s > 0; s = s / 2) {
                    if (l < s) {
                        double na = shared[l];
                        double ma = shared[ReductionKernel.TREE_ITEMS + l];
                        double qa = shared[2 * ReductionKernel.TREE_ITEMS + l];
                        double nb = shared[l + s];
                        double mb = shared[ReductionKernel.TREE_ITEMS + l + s];
                        double qb = shared[2 * ReductionKernel.TREE_ITEMS + l + s];
                        shared[l] = na + nb;
                        shared[ReductionKernel.TREE_ITEMS + l] = ReductionKernelF64.mergedMean(na, ma, nb, mb);
                        shared[2 * ReductionKernel.TREE_ITEMS + l] = ReductionKernelF64.mergedM2(na, ma, qa, nb, mb,
                                qb);
                    }
                    context.localBarrier();
                }
                if (l == 0) {
                    sums[out + o] = shared[0];
                    sums[out + o + 1] = shared[ReductionKernel.TREE_ITEMS];
                    sums[out + o + 2] = shared[2 * ReductionKernel.TREE_ITEMS];
                }
                context.localBarrier();
            }
        }
        int c = ReductionKernelF64.comomentsOffset(prog);
        int d = ReductionKernelF64.dimension(prog);
        int firsts = c >= 0 ? d + 1 : 0;
        double n = 0.0;
        for (int q = 0; q < firsts; q++) {
            shared[l] = ReductionKernelF64.treeFirstPass(states, d, start, end, l, p, q, capacity);
            context.localBarrier();
            for (int s = ReductionKernel.TREE_ITEMS / 2; s > 0; s = s / 2) {
                if (l < s) {
                    shared[l] = shared[l] + shared[l + s];
                }
                context.localBarrier();
            }
            n = q == 0 ? shared[0] : n;
            if (l == 0) {
                sums[out + c + q] = q == 0 ? n : (n > 0 ? shared[0] / n : 0.0);
            }
            context.localBarrier();
        }
        context.globalBarrier();
        int pairs = c >= 0 ? d * (d + 1) / 2 : 0;
        for (int pair = 0; pair < pairs; pair++) {
            int a = ReductionKernelF64.pairFirst(pair, d);
            int b = ReductionKernelF64.pairSecond(pair, d);
            ReductionKernelF64.treeSecondPass(states, d, start, end, l, p, a, b, sums[out + c + 1 + a],
                    sums[out + c + 1 + b], capacity);
            for (int q = 0; q < ReductionKernel.TREE_SLOTS; q++) {
                shared[q * ReductionKernel.TREE_ITEMS + l] = p[ReductionKernel.TREE_ACC + q];
            }
            context.localBarrier();
            for (int s = ReductionKernel.TREE_ITEMS / 2; s > 0; s = s / 2) {
                if (l < s) {
                    for (int q = 0; q < ReductionKernel.TREE_SLOTS; q++) {
                        shared[q * ReductionKernel.TREE_ITEMS + l] = shared[q * ReductionKernel.TREE_ITEMS + l]
                                + shared[q * ReductionKernel.TREE_ITEMS + l + s];
                    }
                }
                context.localBarrier();
            }
            if (l == 0) {
                int m = out + c + 1 + d + 9 * pair;
                sums[m] = n;
                sums[m + 1] = 0.0;
                sums[m + 3] = 0.0;
                for (int q = 0; q < ReductionKernel.TREE_SLOTS; q++) {
                    sums[m + ReductionKernelF64.secondPassSlot(q)] = shared[q * ReductionKernel.TREE_ITEMS];
                }
            }
            context.localBarrier();
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
