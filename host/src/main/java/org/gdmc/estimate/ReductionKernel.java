package org.gdmc.estimate;

import org.gdmc.kernel.KernelCode;
import org.gdmc.kernel.PathKernel;
import org.gdmc.mixture.Support;

/**
 * The estimators' per-particle terms and their reductions, as kernel code shared by every backend (TornadoVM's subset:
 * static methods on primitive arrays, no objects, no allocation but one small private array, and no compound
 * boolean conditions: TornadoVM 5.2 negates some of them wrongly, so they are written as 0/1 integer products).
 *
 * <p>A {@link ReductionPlan} packs the terms. {@link #reduce} evaluates them once per particle and writes, per block
 * of particles, each mean term's Welford (n, mean, M₂) in particle order and the block's central co-moments when
 * asked, and adds histogram counts (integer counts merge exactly in any order, so a backend may give runs of blocks to
 * its workers however it likes). A particle is finite when every coordinate of its state and its data-law logit are;
 * non-finite particles enter only the non-finite count, and the paired terms also skip particles whose reference
 * is not finite. The reference array holds two slots per particle ({@link #reference}).
 */
@KernelCode(float32 = false)
public final class ReductionKernel {
    /** σ(ℓ), ℓ the data-law logit: p₀(c | x). */
    public static final int POSTERIOR = 0;
    /** 1/p₀(c | x) = 1 + e^{−ℓ}. */
    public static final int RECIPROCAL = 1;
    /** 1 if p_t(c | y_t) never decreased along the path. */
    public static final int MONOTONE = 2;
    /** σ(ℓ_end) − σ(ℓ_start) along the path. */
    public static final int INCREASE = 3;
    /** σ(ℓ) − σ(ℓ_ref), ℓ_ref the same particle's logit under the reference guidance. */
    public static final int PAIRED_DIFFERENCE = 4;
    /** 1 if ℓ &lt; ℓ_ref. */
    public static final int PAIRED_WORSE = 5;
    /** ℓ itself. */
    public static final int LOGIT = 6;
    /** uᵀx, u the plan's projection direction. */
    public static final int PROJECTION = 7;
    /** 1 if uᵀx &lt; θ (θ the term's threshold). */
    public static final int PROJECTION_BELOW = 8;
    /** r(x), the signed distance to the plan's support (negative inside). */
    public static final int SUPPORT_DISTANCE = 9;
    /** 1 if r(x) &gt; θ. */
    public static final int SUPPORT_BEYOND = 10;
    /** 1 if |r(x)| ≤ θ. */
    public static final int SUPPORT_WITHIN = 11;
    /** 1 if |r(x)| ≤ θ and the nearest boundary faces the other classes. */
    public static final int SUPPORT_FACING = 12;
    /** 1 if the particle is not finite; the one term every particle enters. */
    public static final int NON_FINITE = 13;
    /** The flat index Σ_j k_j Π_{i&lt;j} m_i of the plan's grid cell holding x, or −1 outside the grid. */
    public static final int GRID_CELL = 14;

    /** Reductions. */
    static final int MEAN = 0;
    static final int HISTOGRAM = 1;

    /** Header slots. */
    static final int H_TERMS = 0;
    static final int H_DIMENSION = 1;
    static final int H_BLOCK_LENGTH = 2;
    static final int H_COUNTS_LENGTH = 3;
    /** Offset of the co-moments in a block's sums, or −1. */
    static final int H_COMOMENTS = 4;
    /** Offset of u in the program, and its length (d, or 0 when there is none). */
    static final int H_PROJECTION = 5;
    static final int H_PROJECTION_LENGTH = 6;
    /** Offset of the packed {@link Support} (one with no box when the study has none). */
    static final int H_SUPPORT = 7;
    /** Offset of the grid [lo (d), width (d), cells (d)], and its dimension (d, or 0 when there is none). */
    static final int H_GRID = 8;
    static final int H_GRID_LENGTH = 9;
    static final int HEADER = 10;

    /** Term record slots. */
    static final int R_KIND = 0;
    static final int R_REDUCTION = 1;
    static final int R_OUT = 2;
    static final int R_THRESHOLD = 3;
    static final int R_LOW = 4;
    static final int R_WIDTH = 5;
    static final int R_BINS = 6;
    static final int RECORD = 7;

    private ReductionKernel() {
    }

    /** Whether x − x = 0, i.e. x is neither NaN nor ±∞ (no constants, no library call: safe on every device). */
    static boolean finite(double x) {
        return x - x == 0.0;
    }

    /**
     * Where coordinate j of particle i lies in a batch's states: row-major ({@code soa} = 0, the CPU's batches) or by
     * coordinate ({@code soa} = the batch's capacity, states[j·soa + i], the device's layout by particle).
     */
    static int stateAt(int i, int j, int d, int soa) {
        return soa == 0 ? i * d + j : j * soa + i;
    }

    /** Where observable k of particle i lies, as {@link #stateAt} (the {@link PathKernel} observables). */
    static int obsAt(int i, int k, int soa) {
        return soa == 0 ? i * PathKernel.OBS_LENGTH + k : k * soa + i;
    }

    /** Whether particle i (states row-major in dimension d, observables in the {@link PathKernel} layout) is finite. */
    public static boolean finiteParticle(double[] states, double[] obs, int d, int i) {
        return finiteParticle(states, obs, d, i, 0);
    }

    /** As {@link #finiteParticle(double[], double[], int, int)}, in the layout {@code soa} ({@link #stateAt}). */
    static boolean finiteParticle(double[] states, double[] obs, int d, int i, int soa) {
        double logit = obs[obsAt(i, PathKernel.OBS_DATA_LOGIT, soa)];
        int ok = logit == logit ? 1 : 0;
        for (int j = 0; j < d; j++) {
            ok *= finite(states[stateAt(i, j, d, soa)]) ? 1 : 0;
        }
        return ok == 1;
    }

    /**
     * The reference of particle i for the paired terms, ref[2i] = its data-law logit and ref[2i + 1] = 1 if it is
     * finite (else 0). No NaN marker: TornadoVM's OpenCL code generator prints a NaN constant as an undeclared
     * identifier.
     */
    public static void reference(double[] states, double[] obs, int d, int i, double[] ref) {
        reference(states, obs, d, i, ref, 0);
    }

    /** As {@link #reference(double[], double[], int, int, double[])}, in the layout {@code soa} ({@link #stateAt}). */
    public static void reference(double[] states, double[] obs, int d, int i, double[] ref, int soa) {
        ref[2 * i] = obs[obsAt(i, PathKernel.OBS_DATA_LOGIT, soa)];
        ref[2 * i + 1] = finiteParticle(states, obs, d, i, soa) ? 1.0 : 0.0;
    }

    /** σ(ℓ) = 1/(1 + e^{−ℓ}), without overflow. */
    public static double sigmoid(double logit) {
        double e = Math.exp(-Math.abs(logit));
        return logit >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    }

    /** Slots of a particle's features ({@link #features}). */
    static final int F_DISTANCE = 0;
    static final int F_FACING = 1;
    static final int F_PROJECTION = 2;
    static final int F_CELL = 3;
    static final int F_FINITE = 4;
    static final int FEATURES = 5;

    /**
     * What every term of particle i is computed from, into f: its signed distance to the support and facing flag,
     * its projection uᵀx, its grid cell, and 1 if it is finite (else 0).
     */
    static void features(double[] prog, double[] states, double[] obs, int d, int i, double[] f, int soa) {
        Support.locate(prog, (int) prog[H_SUPPORT], d, states, stateAt(i, 0, d, soa), soa == 0 ? 1 : soa, f,
                F_DISTANCE);
        f[F_PROJECTION] = projection(prog, states, d, i, soa);
        f[F_CELL] = gridCell(prog, states, d, i, soa);
        f[F_FINITE] = finiteParticle(states, obs, d, i, soa) ? 1.0 : 0.0;
    }

    /** Term t of the program for particle i, whose reference logit is ref and features f. */
    static double term(double[] prog, int t, double[] obs, int i, double ref, double[] f, int soa) {
        int rec = HEADER + RECORD * t;
        int kind = (int) prog[rec + R_KIND];
        double theta = prog[rec + R_THRESHOLD];
        double logit = obs[obsAt(i, PathKernel.OBS_DATA_LOGIT, soa)];
        double r = f[F_DISTANCE];
        double projection = f[F_PROJECTION];
        double v = 0.0;
        v = kind == POSTERIOR ? sigmoid(logit) : v;
        v = kind == RECIPROCAL ? 1.0 + Math.exp(-logit) : v;
        v = kind == MONOTONE ? obs[obsAt(i, PathKernel.OBS_MONOTONE, soa)] : v;
        v = kind == INCREASE ? sigmoid(obs[obsAt(i, PathKernel.OBS_END_LOGIT, soa)])
                - sigmoid(obs[obsAt(i, PathKernel.OBS_START_LOGIT, soa)]) : v;
        v = kind == PAIRED_DIFFERENCE ? sigmoid(logit) - sigmoid(ref) : v;
        v = kind == PAIRED_WORSE ? (logit < ref ? 1.0 : 0.0) : v;
        v = kind == LOGIT ? logit : v;
        v = kind == PROJECTION ? projection : v;
        v = kind == PROJECTION_BELOW ? (projection < theta ? 1.0 : 0.0) : v;
        v = kind == SUPPORT_DISTANCE ? r : v;
        v = kind == SUPPORT_BEYOND ? (r > theta ? 1.0 : 0.0) : v;
        v = kind == SUPPORT_WITHIN ? (Math.abs(r) <= theta ? 1.0 : 0.0) : v;
        v = kind == SUPPORT_FACING ? (Math.abs(r) <= theta ? f[F_FACING] : 0.0) : v;
        v = kind == GRID_CELL ? f[F_CELL] : v;
        v = kind == NON_FINITE ? 1.0 - f[F_FINITE] : v;
        return v;
    }

    /**
     * 1 if particle i, with features f, enters term t with value v (else 0): the non-finite count takes every
     * particle; every other term needs a finite particle and a v that is not NaN, and the paired terms a finite
     * reference too.
     */
    static int enters(double[] prog, int t, double[] f, double[] ref, int i, double v) {
        int kind = (int) prog[HEADER + RECORD * t + R_KIND];
        int paired = Math.max(kind == PAIRED_DIFFERENCE ? 1 : 0, kind == PAIRED_WORSE ? 1 : 0);
        int refOk = ref[2 * i + 1] != 0.0 ? 1 : 0;
        int valid = (int) f[F_FINITE] * (v == v ? 1 : 0) * (1 - paired + paired * refOk);
        return Math.max(kind == NON_FINITE ? 1 : 0, valid);
    }

    /** Particle i's cell of the program's grid (−1 outside it; 0 when there is no grid), by 0/1 selects only. */
    static int gridCell(double[] prog, double[] states, int d, int i, int soa) {
        int g = (int) prog[H_GRID];
        int len = (int) prog[H_GRID_LENGTH];
        int cell = 0;
        int stride = 1;
        int inside = 1;
        for (int j = 0; j < len; j++) {
            double pos = (states[stateAt(i, j, d, soa)] - prog[g + j]) / prog[g + len + j];
            int m = (int) prog[g + 2 * len + j];
            int in = (pos >= 0 ? 1 : 0) * (pos < m ? 1 : 0);
            int k = in == 1 ? (int) pos : 0;
            cell += k * stride;
            stride *= m;
            inside *= in;
        }
        return inside == 1 ? cell : -1;
    }

    /** uᵀx for particle i, 0 when the program has no projection. */
    static double projection(double[] prog, double[] states, int d, int i, int soa) {
        int u = (int) prog[H_PROJECTION];
        int len = (int) prog[H_PROJECTION_LENGTH];
        double s = 0.0;
        for (int j = 0; j < len; j++) {
            s += prog[u + j] * states[stateAt(i, j, d, soa)];
        }
        return s;
    }

    /**
     * Reduces particles [from, to), cut into consecutive blocks of {@code block} particles (the last may be shorter),
     * in one pass: the k-th block's sums go to sums[sumsOff + k·L ..] (L the plan's block length, the slice
     * overwritten) — for mean term t, (n, mean, M₂) at R_OUT(t) by Welford's update in particle order; with
     * co-moments, (n, x̄ (d), then per pair i ≤ j the nine M_kl, k, l ≤ 2) at H_COMOMENTS by two passes — and every
     * histogram term's counts are added to counts[countsOff + R_OUT(t) ..]: bin 0 below [lo, lo + bins·width),
     * 1 … bins inside, bins + 1 at or above.
     */
    public static void reduce(double[] prog, double[] states, double[] obs, double[] ref, int from, int to, int block,
                              double[] sums, int sumsOff, int[] counts, int countsOff) {
        reduce(prog, states, obs, ref, from, to, block, sums, sumsOff, counts, countsOff, 0);
    }

    /**
     * As {@link #reduce(double[], double[], double[], double[], int, int, int, double[], int, int[], int)}, the states
     * and observables in the layout {@code soa} ({@link #stateAt}).
     */
    public static void reduce(double[] prog, double[] states, double[] obs, double[] ref, int from, int to, int block,
                              double[] sums, int sumsOff, int[] counts, int countsOff, int soa) {
        int d = (int) prog[H_DIMENSION];
        int terms = (int) prog[H_TERMS];
        int length = (int) prog[H_BLOCK_LENGTH];
        int c = (int) prog[H_COMOMENTS];
        double[] f = new double[FEATURES];
        for (int start = from; start < to; start += block) {
            int end = Math.min(to, start + block);
            int out = sumsOff + ((start - from) / block) * length;
            for (int k = 0; k < length; k++) {
                sums[out + k] = 0.0;
            }
            for (int i = start; i < end; i++) {
                features(prog, states, obs, d, i, f, soa);
                for (int t = 0; t < terms; t++) {
                    int rec = HEADER + RECORD * t;
                    double v = term(prog, t, obs, i, ref[2 * i], f, soa);
                    int enters = enters(prog, t, f, ref, i, v);
                    int reduction = (int) prog[rec + R_REDUCTION];
                    if ((reduction == MEAN ? 1 : 0) * enters == 1) {
                        int s = out + (int) prog[rec + R_OUT];
                        double n = sums[s] + 1.0;
                        double delta = v - sums[s + 1];
                        double mean = sums[s + 1] + delta / n;
                        sums[s] = n;
                        sums[s + 1] = mean;
                        sums[s + 2] += delta * (v - mean);
                    }
                    if ((reduction == HISTOGRAM ? 1 : 0) * enters == 1) {
                        double pos = (v - prog[rec + R_LOW]) / prog[rec + R_WIDTH];
                        int bins = (int) prog[rec + R_BINS];
                        int bin = pos < 0 ? 0 : (pos >= bins ? bins + 1 : 1 + Math.min(bins - 1, (int) pos));
                        counts[countsOff + (int) prog[rec + R_OUT] + bin] += 1;
                    }
                }
            }
            if (c >= 0) {
                comoments(states, obs, d, start, end, sums, out + c, soa);
            }
        }
    }

    /**
     * Lane l of {@code lanes} over the first {@code count} particles of a batch cut into blocks of {@code block}: the
     * lane takes the whole blocks [⌊B·l/lanes⌋, ⌊B·(l+1)/lanes⌋) of the B blocks, writes their sums at their places in
     * sums (block b at b·L) and its own counts to counts[l·H .. (l+1)·H), H the plan's counts length, zeroed first.
     */
    public static void reduceLane(double[] prog, double[] states, double[] obs, double[] ref, int count, int block,
                                  int lane, int lanes, double[] sums, int[] counts) {
        reduceLane(prog, states, obs, ref, count, block, lane, lanes, sums, counts, 0);
    }

    /**
     * As {@link #reduceLane(double[], double[], double[], double[], int, int, int, int, double[], int[])}, the states
     * and observables in the layout {@code soa} ({@link #stateAt}).
     */
    public static void reduceLane(double[] prog, double[] states, double[] obs, double[] ref, int count, int block,
                                  int lane, int lanes, double[] sums, int[] counts, int soa) {
        int h = (int) prog[H_COUNTS_LENGTH];
        for (int k = 0; k < h; k++) {
            counts[lane * h + k] = 0;
        }
        int blocks = (count + block - 1) / block;
        int first = (int) ((long) blocks * lane / lanes);
        int last = (int) ((long) blocks * (lane + 1) / lanes);
        reduce(prog, states, obs, ref, first * block, Math.min(count, last * block), block, sums,
                first * (int) prog[H_BLOCK_LENGTH], counts, lane * h, soa);
    }

    /** Σ_l laneCounts[l·h + k]: count k of the whole batch from the counts of its lanes ({@link #reduceLane}). */
    public static int laneTotal(int[] laneCounts, int lanes, int h, int k) {
        int s = 0;
        for (int l = 0; l < lanes; l++) {
            s += laneCounts[l * h + k];
        }
        return s;
    }

    /**
     * The co-moment section of {@link #reduce}; m[9·pair + 3k + l] = M_kl, with M₀₀ = n and M₁₀ = M₀₁ = 0 exactly.
     * Non-finite particles contribute zeros through selects rather than branches around the loops.
     */
    static void comoments(double[] states, double[] obs, int d, int from, int to, double[] out, int c, int soa) {
        double n = 0.0;
        for (int i = from; i < to; i++) {
            boolean ok = finiteParticle(states, obs, d, i, soa);
            n += ok ? 1.0 : 0.0;
            for (int j = 0; j < d; j++) {
                out[c + 1 + j] += ok ? states[stateAt(i, j, d, soa)] : 0.0;
            }
        }
        out[c] = n;
        for (int j = 0; j < d; j++) {
            out[c + 1 + j] = n > 0 ? out[c + 1 + j] / n : 0.0;
        }
        int m = c + 1 + d;
        for (int i = from; i < to; i++) {
            boolean ok = finiteParticle(states, obs, d, i, soa);
            int pair = 0;
            for (int a = 0; a < d; a++) {
                double x = ok ? states[stateAt(i, a, d, soa)] - out[c + 1 + a] : 0.0;
                double x2 = x * x;
                for (int b = a; b < d; b++) {
                    double y = ok ? states[stateAt(i, b, d, soa)] - out[c + 1 + b] : 0.0;
                    double y2 = y * y;
                    int o = m + 9 * pair;
                    out[o + 2] += y2;
                    out[o + 4] += x * y;
                    out[o + 5] += x * y2;
                    out[o + 6] += x2;
                    out[o + 7] += x2 * y;
                    out[o + 8] += x2 * y2;
                    pair++;
                }
            }
        }
        int pairs = d * (d + 1) / 2;
        for (int p = 0; p < pairs; p++) {
            out[m + 9 * p] = n;
        }
    }
}
