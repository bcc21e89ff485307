package org.gdmc.estimate;

import static org.gdmc.estimate.ReductionKernel.TREE_ACC;
import static org.gdmc.estimate.ReductionKernel.TREE_ITEMS;
import static org.gdmc.estimate.ReductionKernel.TREE_PRIVATE;
import static org.gdmc.estimate.ReductionKernel.TREE_SLOTS;
import static org.gdmc.estimate.ReductionKernel.TREE_SPAN;

/**
 * One block's sums in the order a device's work group computes them, reproduced on the CPU: the device reduces block
 * b (particles [b·1024, (b + 1)·1024) of a batch) with {@value ReductionKernel#TREE_ITEMS} work items, item l taking
 * particles b·1024 + l + 256k, k &lt; 4, in k order, then a pairwise tree in which, for s = 128, 64, …, 1, item l &lt; s
 * takes in item l + s. Mean terms merge Welford triples (Chan et al.), the co-moments' two passes add sums. Every step
 * is the same {@link ReductionKernel} code the device runs, so the two agree to the last bits but for a device
 * compiler's fused multiply-adds; the CPU's own estimates keep particle order ({@link ReductionKernel#reduce}), within
 * rounding of this.
 */
public final class WorkGroupTree {
    /** Particles per block. */
    public static final int BLOCK = TREE_ITEMS * TREE_SPAN;

    private WorkGroupTree() {
    }

    /**
     * Block b's sums of the first {@code count} particles of a batch (states and observables in the layout
     * {@code soa}, {@link ReductionKernel#reduce}) into sums[b·L ..], L the plan's block length; histogram terms are
     * left to {@link ReductionKernel#reduce}.
     */
    public static void reduce(double[] prog, double[] states, double[] obs, double[] ref, int count, int b,
                              double[] sums, int soa) {
        int start = b * BLOCK;
        int end = Math.min(count, start + BLOCK);
        int out = b * ReductionKernel.blockLength(prog);
        double[][] p = new double[TREE_ITEMS][TREE_PRIVATE];
        double[] shared = new double[TREE_SLOTS * TREE_ITEMS];
        for (int l = 0; l < TREE_ITEMS; l++) {
            ReductionKernel.treeFeatures(prog, states, obs, start, end, l, p[l], soa);
        }
        for (int t = 0; t < ReductionKernel.terms(prog); t++) {
            int o = ReductionKernel.meanOffset(prog, t);
            if (o >= 0) {
                for (int l = 0; l < TREE_ITEMS; l++) {
                    ReductionKernel.treeMean(prog, t, obs, ref, start, end, l, p[l], soa);
                    for (int q = 0; q < 3; q++) {
                        shared[q * TREE_ITEMS + l] = p[l][TREE_ACC + q];
                    }
                }
                for (int s = TREE_ITEMS / 2; s > 0; s /= 2) {
                    for (int l = 0; l < s; l++) {
                        mergeMeans(shared, l, s);
                    }
                }
                for (int q = 0; q < 3; q++) {
                    sums[out + o + q] = shared[q * TREE_ITEMS];
                }
            }
        }
        int c = ReductionKernel.comomentsOffset(prog);
        if (c < 0) {
            return;
        }
        int d = ReductionKernel.dimension(prog);
        double n = 0.0;
        for (int q = 0; q <= d; q++) {
            for (int l = 0; l < TREE_ITEMS; l++) {
                shared[l] = ReductionKernel.treeFirstPass(states, d, start, end, l, p[l], q, soa);
            }
            sumTree(shared, 1);
            n = q == 0 ? shared[0] : n;
            sums[out + c + q] = q == 0 ? n : (n > 0 ? shared[0] / n : 0.0);
        }
        int pair = 0;
        for (int a = 0; a < d; a++) {
            for (int bb = a; bb < d; bb++) {
                for (int l = 0; l < TREE_ITEMS; l++) {
                    ReductionKernel.treeSecondPass(states, d, start, end, l, p[l], a, bb, sums[out + c + 1 + a],
                            sums[out + c + 1 + bb], soa);
                    for (int q = 0; q < TREE_SLOTS; q++) {
                        shared[q * TREE_ITEMS + l] = p[l][TREE_ACC + q];
                    }
                }
                sumTree(shared, TREE_SLOTS);
                int m = out + c + 1 + d + 9 * pair;
                sums[m] = n;
                sums[m + 1] = 0.0;
                sums[m + 3] = 0.0;
                for (int q = 0; q < TREE_SLOTS; q++) {
                    sums[m + ReductionKernel.secondPassSlot(q)] = shared[q * TREE_ITEMS];
                }
                pair++;
            }
        }
    }

    /**
     * One level of the tree over Welford triples held in shared[q·TREE_ITEMS + l] (q = 0, 1, 2: n, mean, M₂): item
     * l &lt; s takes in item l + s, as the device's work group does (the local array cannot be handed to a kernel
     * helper, so this step is written out there too).
     */
    private static void mergeMeans(double[] shared, int l, int s) {
        double na = shared[l];
        double ma = shared[TREE_ITEMS + l];
        double qa = shared[2 * TREE_ITEMS + l];
        double nb = shared[l + s];
        double mb = shared[TREE_ITEMS + l + s];
        double qb = shared[2 * TREE_ITEMS + l + s];
        shared[l] = na + nb;
        shared[TREE_ITEMS + l] = ReductionKernel.mergedMean(na, ma, nb, mb);
        shared[2 * TREE_ITEMS + l] = ReductionKernel.mergedM2(na, ma, qa, nb, mb, qb);
    }

    /** The sum tree over shared[q·TREE_ITEMS + l], q &lt; slots: at each level item l &lt; s adds item l + s. */
    private static void sumTree(double[] shared, int slots) {
        for (int s = TREE_ITEMS / 2; s > 0; s /= 2) {
            for (int l = 0; l < s; l++) {
                for (int q = 0; q < slots; q++) {
                    shared[q * TREE_ITEMS + l] = shared[q * TREE_ITEMS + l] + shared[q * TREE_ITEMS + l + s];
                }
            }
        }
    }
}
