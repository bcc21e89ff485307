package org.gdmc.estimate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.gdmc.kernel.PathKernel;
import org.gdmc.mixture.BoxComponent;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.rng.NormalVariates;
import org.junit.jupiter.api.Test;

/**
 * The work-group tree a device reduces each block with ({@link WorkGroupTree}, the same {@link ReductionKernel} pieces the
 * device runs) against the CPU's particle-order reduction: the same counts exactly, means and co-moments within
 * rounding, on blocks that are full, partial, empty, or hold non-finite particles and infinite summands.
 */
class WorkGroupTreeTest {
    private static final int BLOCK = WorkGroupTree.BLOCK;
    /** Relative agreement of two summation orders of the same ≤ 1,024 doubles: a few hundred ulps at most. */
    private static final double ORDERS = 1e-13;

    /** A d = 3 Gaussian-and-box study's standard estimators (projection, support, histograms, co-moments). */
    private static EstimatorSet estimators() {
        Mixture m = Mixture.of(List.of(GaussianComponent.isotropic(0, 0.5, new double[] {1, 0, 2}, 1.0),
                new BoxComponent(1, 0.5, new double[] {-3, -1, -1}, new double[] {-1, 2, 1})));
        List<Estimator> all = new ArrayList<>(StandardEstimators.forStudy(m, 0, SupportOptions.defaults(m, 0)));
        if (all.stream().noneMatch(e -> e instanceof MomentEstimator)) {
            all.add(new MomentEstimator(3));
        }
        return EstimatorSet.of(3, all);
    }

    /**
     * n particles in d = 3, row-major, with correlated coordinates far from the origin (so that a bad merge of
     * means shows), every 97th particle non-finite in a state or logit, and every 89th with a logit of −800 (so that
     * 1/p₀ = 1 + e^{800} is +∞ and enters the mean terms as such).
     */
    private static double[][] particles(int n) {
        int d = 3;
        double[] states = new double[n * d];
        double[] obs = new double[n * PathKernel.OBS_LENGTH];
        double[] z = new double[4];
        long[] words = new long[4];
        for (int i = 0; i < n; i++) {
            NormalVariates.fill(11L, i, 0, z, 0, 4, words);
            states[i * d] = 1e3 + z[0];
            states[i * d + 1] = 0.5 * z[0] + z[1];
            states[i * d + 2] = -2 + z[2] * 3;
            int o = i * PathKernel.OBS_LENGTH;
            obs[o + PathKernel.OBS_DATA_LOGIT] = 0.7 * z[1] + z[3];
            obs[o + PathKernel.OBS_START_LOGIT] = z[3];
            obs[o + PathKernel.OBS_END_LOGIT] = z[2];
            obs[o + PathKernel.OBS_MONOTONE] = z[1] > 0 ? 1 : 0;
            if (i % 97 == 5) {
                states[i * d + (i % 3)] = i % 2 == 0 ? Double.NaN : Double.POSITIVE_INFINITY;
            }
            if (i % 89 == 7) {
                obs[o + PathKernel.OBS_DATA_LOGIT] = -800;
            }
        }
        double[] ref = new double[2 * n];
        for (int i = 0; i < n; i++) {
            ReductionKernel.reference(states, obs, d, i, ref);
        }
        return new double[][] {states, obs, ref};
    }

    @Test
    void theTreeAgreesWithParticleOrderOnFullPartialAndEmptyBlocks() {
        ReductionPlan plan = estimators().plan();
        double[] prog = plan.program();
        int capacity = 5 * BLOCK;
        int count = 3 * BLOCK + 300;
        double[][] p = particles(capacity);
        int length = plan.blockLength();
        double[] order = new double[5 * length];
        int[] counts = new int[plan.countsLength()];
        ReductionKernel.reduce(prog, p[0], p[1], p[2], 0, count, BLOCK, order, 0, counts, 0);
        double[] tree = new double[5 * length];
        java.util.Arrays.fill(tree, Double.NaN);
        for (int b = 0; b < 5; b++) {
            WorkGroupTree.reduce(prog, p[0], p[1], p[2], count, b, tree, 0);
        }
        int c = ReductionKernel.comomentsOffset(prog);
        assertTrue(c >= 0, "the plan has co-moments");
        int infinite = 0;
        for (int b = 0; b < 4; b++) {
            for (int k = 0; k < length; k++) {
                double x = order[b * length + k];
                double y = tree[b * length + k];
                if (Double.isInfinite(x) || Double.isNaN(x)) {
                    infinite++;
                    assertEquals(Double.isNaN(x), Double.isNaN(y), "block " + b + " slot " + k + ": " + x + " " + y);
                    continue;
                }
                double scale = scale(order, b * length, c, k);
                assertTrue(Math.abs(x - y) <= ORDERS * scale, "block " + b + " slot " + k + ": particle order " + x
                        + ", tree " + y + " (scale " + scale + ")");
            }
            for (int t = 0; t < ReductionKernel.terms(prog); t++) {
                int o = ReductionKernel.meanOffset(prog, t);
                if (o >= 0) {
                    assertEquals(order[b * length + o], tree[b * length + o], 0.0, "count of term " + t);
                }
            }
            assertEquals(order[b * length + c], tree[b * length + c], 0.0, "co-moment count");
        }
        assertTrue(infinite > 0, "an infinite summand reached a mean term");
        for (int k = 0; k < length; k++) {
            assertEquals(0.0, tree[4 * length + k], 0.0, "the block past the count is empty, slot " + k);
        }
    }

    /**
     * What rounding in slot k of a block's sums is relative to: the value itself for the mean terms; for the
     * co-moment M_kl of the pair (a, b), n·(σ_a^k σ_b^l + k|x̄_a|σ_a^{k−1}σ_b^l + l|x̄_b|σ_a^k σ_b^{l−1}), σ² = M₂₀/n:
     * the sums' own size, and what a change of the block mean x̄_a in its last bits (from the order of its sum, about
     * ε|x̄_a|) does to M_kl, k·δ·Σ|x_a − x̄_a|^{k−1}|x_b − x̄_b|^l.
     */
    private static double scale(double[] sums, int at, int c, int k) {
        double x = sums[at + k];
        if (k < c) {
            return Math.max(1.0, Math.abs(x));
        }
        int d = 3;
        double n = sums[at + c];
        int m = c + 1 + d;
        if (k < m) {
            return Math.max(1.0, Math.abs(x));
        }
        int pair = (k - m) / 9;
        int slot = (k - m) % 9;
        int a = ReductionKernel.pairFirst(pair, d);
        int bb = ReductionKernel.pairSecond(pair, d);
        int kk = slot / 3;
        int ll = slot % 3;
        double ma = Math.abs(sums[at + c + 1 + a]);
        double mb = Math.abs(sums[at + c + 1 + bb]);
        double sa = Math.sqrt(sums[at + m + 9 * diagonal(a, d) + 6] / n);
        double sb = Math.sqrt(sums[at + m + 9 * diagonal(bb, d) + 6] / n);
        double spread = Math.pow(sa, kk) * Math.pow(sb, ll);
        double shift = kk * ma * Math.pow(sa, Math.max(0, kk - 1)) * Math.pow(sb, ll)
                + ll * mb * Math.pow(sa, kk) * Math.pow(sb, Math.max(0, ll - 1));
        return Math.max(1.0, n * (spread + shift));
    }

    /** The pair index of (a, a). */
    private static int diagonal(int a, int d) {
        return a * d - a * (a - 1) / 2;
    }

    @Test
    void theTreeIsTheSameInEitherLayout() {
        ReductionPlan plan = estimators().plan();
        double[] prog = plan.program();
        int capacity = 2 * BLOCK;
        int count = capacity - 17;
        double[][] p = particles(capacity);
        int d = 3;
        double[] soaStates = new double[capacity * d];
        double[] soaObs = new double[capacity * PathKernel.OBS_LENGTH];
        for (int i = 0; i < capacity; i++) {
            for (int j = 0; j < d; j++) {
                soaStates[j * capacity + i] = p[0][i * d + j];
            }
            for (int k = 0; k < PathKernel.OBS_LENGTH; k++) {
                soaObs[k * capacity + i] = p[1][i * PathKernel.OBS_LENGTH + k];
            }
        }
        double[] rows = new double[2 * plan.blockLength()];
        double[] columns = new double[2 * plan.blockLength()];
        for (int b = 0; b < 2; b++) {
            WorkGroupTree.reduce(prog, p[0], p[1], p[2], count, b, rows, 0);
            WorkGroupTree.reduce(prog, soaStates, soaObs, p[2], count, b, columns, capacity);
        }
        assertArrayEquals(rows, columns, 0.0);
    }

    @Test
    void pairsRunInTheCoMomentsOrder() {
        for (int d = 1; d <= 9; d++) {
            int pair = 0;
            for (int a = 0; a < d; a++) {
                for (int b = a; b < d; b++) {
                    assertEquals(a, ReductionKernel.pairFirst(pair, d), "first of pair " + pair + " in d = " + d);
                    assertEquals(b, ReductionKernel.pairSecond(pair, d), "second of pair " + pair + " in d = " + d);
                    pair++;
                }
            }
        }
    }

    /** Chan et al.'s merge against the moments of the union computed directly, including empty halves. */
    @Test
    void mergingTwoSetsGivesTheMomentsOfTheUnion() {
        double[] z = new double[64];
        long[] words = new long[4];
        NormalVariates.fill(3L, 0, 0, z, 0, z.length, words);
        for (int split = 0; split <= 64; split += 8) {
            double[] a = welford(z, 0, split);
            double[] b = welford(z, split, 64);
            double[] all = welford(z, 0, 64);
            double mean = ReductionKernel.mergedMean(a[0], a[1], b[0], b[1]);
            double m2 = ReductionKernel.mergedM2(a[0], a[1], a[2], b[0], b[1], b[2]);
            assertEquals(all[1], mean, 1e-15, "mean, split at " + split);
            assertEquals(all[2], m2, 1e-13 * all[2], "M2, split at " + split);
        }
        assertEquals(0.0, ReductionKernel.mergedMean(0, 0, 0, 0), 0.0, "two empty sets");
        assertEquals(0.0, ReductionKernel.mergedM2(0, 0, 0, 0, 0, 0), 0.0, "two empty sets");
        assertEquals(Double.POSITIVE_INFINITY, ReductionKernel.mergedMean(3, Double.POSITIVE_INFINITY, 0, 0), 0.0,
                "an infinite mean merged with an empty set stays infinite");
    }

    private static double[] welford(double[] x, int from, int to) {
        double n = 0;
        double mean = 0;
        double m2 = 0;
        for (int i = from; i < to; i++) {
            n++;
            double delta = x[i] - mean;
            mean += delta / n;
            m2 += delta * (x[i] - mean);
        }
        return new double[] {n, mean, m2};
    }
}
