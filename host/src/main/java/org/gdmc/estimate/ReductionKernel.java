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
 *
 * <p>A device computes the same block sums by a work group per block instead: the {@code tree*} pieces, Chan's
 * pairwise merge ({@link #mergedMean}, {@link #mergedM2}) and the order {@link WorkGroupTree} reproduces on the CPU.
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
    /**
     * The flat index Σ_j k_j Π_{i&lt;j} m_i of the plan's grid cell holding x (in the grid's coordinates b_jᵀx), or −1
     * outside the grid.
     */
    public static final int GRID_CELL = 14;
    /**
     * 1 if x lies in the region packed at program offset θ ({@link #event}); counted exactly, as an indicator
     * histogram only (its value needs the state, which {@link #reduce} passes and the block-sum trees do not).
     */
    public static final int EVENT = 15;

    /** Regions of {@link #EVENT}, packed as [type, b or r² or lo (d), a or c or hi (d)] in 2d + 2 doubles. */
    public static final int HALF_SPACE = 0;
    public static final int BOX = 1;
    public static final int BALL = 2;

    /** Reductions. */
    static final int MEAN = 0;
    static final int HISTOGRAM = 1;
    /**
     * A histogram of log|v| by sign ({@link #tailBin}), from which the tail index of a mean term's summand is
     * estimated ({@link TailIndex}).
     */
    static final int TAIL = 2;

    /** What a call of {@link #reduce} computes: the mean terms and co-moments (the block sums), the histograms, or both. */
    public static final int BLOCK_SUMS = 1;
    public static final int HISTOGRAMS = 2;
    public static final int ALL = BLOCK_SUMS | HISTOGRAMS;

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
    /**
     * Offset of the grid [lo (len), width (len), cells (len), basis (len × d, row-major)], and its dimension len (0
     * when there is none).
     */
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
     * What every term of particle i is computed from, into f[fo ..]: its signed distance to the support and facing
     * flag, its projection uᵀx, its grid cell, and 1 if it is finite (else 0).
     */
    static void features(double[] prog, double[] states, double[] obs, int d, int i, double[] f, int fo, int soa) {
        Support.locate(prog, (int) prog[H_SUPPORT], d, states, stateAt(i, 0, d, soa), soa == 0 ? 1 : soa, f,
                fo + F_DISTANCE);
        f[fo + F_PROJECTION] = projection(prog, states, d, i, soa);
        f[fo + F_CELL] = gridCell(prog, states, d, i, soa);
        f[fo + F_FINITE] = finiteParticle(states, obs, d, i, soa) ? 1.0 : 0.0;
    }

    /** Term t of the program for particle i, whose reference logit is ref and features f[fo ..]. */
    static double term(double[] prog, int t, double[] obs, int i, double ref, double[] f, int fo, int soa) {
        int rec = HEADER + RECORD * t;
        int kind = (int) prog[rec + R_KIND];
        double theta = prog[rec + R_THRESHOLD];
        double logit = obs[obsAt(i, PathKernel.OBS_DATA_LOGIT, soa)];
        double r = f[fo + F_DISTANCE];
        double projection = f[fo + F_PROJECTION];
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
        v = kind == SUPPORT_FACING ? (Math.abs(r) <= theta ? f[fo + F_FACING] : 0.0) : v;
        v = kind == GRID_CELL ? f[fo + F_CELL] : v;
        v = kind == NON_FINITE ? 1.0 - f[fo + F_FINITE] : v;
        return v;
    }

    /**
     * 1 if particle i, with features f[fo ..], enters term t with value v (else 0): the non-finite count takes every
     * particle; every other term needs a finite particle and a v that is not NaN, and the paired terms a finite
     * reference too.
     */
    static int enters(double[] prog, int t, double[] f, int fo, double[] ref, int i, double v) {
        int kind = (int) prog[HEADER + RECORD * t + R_KIND];
        int paired = Math.max(kind == PAIRED_DIFFERENCE ? 1 : 0, kind == PAIRED_WORSE ? 1 : 0);
        int refOk = ref[2 * i + 1] != 0.0 ? 1 : 0;
        int valid = (int) f[fo + F_FINITE] * (v == v ? 1 : 0) * (1 - paired + paired * refOk);
        return Math.max(kind == NON_FINITE ? 1 : 0, valid);
    }

    /**
     * Particle i's cell of the program's grid (−1 outside it; 0 when there is no grid), by 0/1 selects only. The grid
     * lies in the coordinates z_j = b_jᵀx, j &lt; len, of its basis rows b_j (the unit vectors for a grid on the
     * state's own coordinates, where z_j = x_j exactly: the products by 0 add ±0).
     */
    static int gridCell(double[] prog, double[] states, int d, int i, int soa) {
        int g = (int) prog[H_GRID];
        int len = (int) prog[H_GRID_LENGTH];
        int basis = g + 3 * len;
        int cell = 0;
        int stride = 1;
        int inside = 1;
        for (int j = 0; j < len; j++) {
            double z = 0.0;
            for (int k = 0; k < d; k++) {
                z += prog[basis + j * d + k] * states[stateAt(i, k, d, soa)];
            }
            double pos = (z - prog[g + j]) / prog[g + len + j];
            int m = (int) prog[g + 2 * len + j];
            int in = (pos >= 0 ? 1 : 0) * (pos < m ? 1 : 0);
            int k = in == 1 ? (int) pos : 0;
            cell += k * stride;
            stride *= m;
            inside *= in;
        }
        return inside == 1 ? cell : -1;
    }

    /**
     * 1 if particle i lies in the region packed at program offset e, else 0: the half-space aᵀx &gt; b
     * ([HALF_SPACE, b, a]), the closed box lo ≤ x ≤ hi ([BOX, lo, hi]) or the closed ball |x − c|² ≤ r²
     * ([BALL, r², c]), by 0/1 selects only.
     */
    static double event(double[] prog, int e, double[] states, int d, int i, int soa) {
        int type = (int) prog[e];
        double dot = 0.0;
        double squared = 0.0;
        int inside = 1;
        for (int j = 0; j < d; j++) {
            double x = states[stateAt(i, j, d, soa)];
            dot += prog[e + 2 + j] * x;
            double dx = x - prog[e + 2 + j];
            squared += dx * dx;
            inside *= (x >= prog[e + 1 + j] ? 1 : 0) * (x <= prog[e + 1 + d + j] ? 1 : 0);
        }
        int half = (type == HALF_SPACE ? 1 : 0) * (dot > prog[e + 1] ? 1 : 0);
        int box = (type == BOX ? 1 : 0) * inside;
        int ball = (type == BALL ? 1 : 0) * (squared <= prog[e + 1] ? 1 : 0);
        return half + box + ball;
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
     * The bin of v in a {@link #TAIL} histogram of B bins of log|v| per sign on [lo, lo + B·h): 0 for |v| &lt; e^lo
     * (zero included), 1 + k for v &gt; 0 with log v in bin k and B + 1 at or above e^{lo + B·h}, and the same
     * shifted by B + 1 for v &lt; 0; 2B + 3 bins in all.
     */
    public static int tailBin(double v, double lo, double h, int bins) {
        double a = Math.max(Math.abs(v), TAIL_FLOOR);
        double pos = (Math.log(a) - lo) / h;
        int bin = pos < 0 ? 0 : (pos >= bins ? bins + 1 : 1 + Math.min(bins - 1, (int) pos));
        int negative = v < 0 ? 1 : 0;
        return bin == 0 ? 0 : bin + negative * (bins + 1);
    }

    /** What |v| is raised to before its logarithm: far below any e^lo a plan uses, so 0 falls in the bin below. */
    static final double TAIL_FLOOR = 1.0e-300;

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
        reduce(prog, states, obs, ref, from, to, block, sums, sumsOff, counts, countsOff, soa, ALL);
    }

    /**
     * As {@link #reduce(double[], double[], double[], double[], int, int, int, double[], int, int[], int, int)}, only
     * the {@code parts} asked for ({@link #BLOCK_SUMS}, {@link #HISTOGRAMS} or {@link #ALL}); the block sums' slices
     * are left alone when they are not asked for.
     */
    public static void reduce(double[] prog, double[] states, double[] obs, double[] ref, int from, int to, int block,
                              double[] sums, int sumsOff, int[] counts, int countsOff, int soa, int parts) {
        int means = (parts & BLOCK_SUMS) != 0 ? 1 : 0;
        int histograms = (parts & HISTOGRAMS) != 0 ? 1 : 0;
        int d = (int) prog[H_DIMENSION];
        int terms = (int) prog[H_TERMS];
        int length = (int) prog[H_BLOCK_LENGTH];
        int c = (int) prog[H_COMOMENTS];
        double[] f = new double[FEATURES];
        int stop = means + histograms * ((int) prog[H_COUNTS_LENGTH] > 0 ? 1 : 0) > 0 ? to : from;
        for (int start = from; start < stop; start += block) {
            int end = Math.min(to, start + block);
            int out = sumsOff + ((start - from) / block) * length;
            for (int k = 0; k < length * means; k++) {
                sums[out + k] = 0.0;
            }
            for (int i = start; i < end; i++) {
                features(prog, states, obs, d, i, f, 0, soa);
                for (int t = 0; t < terms; t++) {
                    int rec = HEADER + RECORD * t;
                    int reduction = (int) prog[rec + R_REDUCTION];
                    int asked = reduction == MEAN ? means : histograms;
                    double v = 0.0;
                    if (asked == 1) {
                        v = term(prog, t, obs, i, ref[2 * i], f, 0, soa);
                        v = (int) prog[rec + R_KIND] == EVENT ? event(prog, (int) prog[rec + R_THRESHOLD], states, d,
                                i, soa) : v;
                    }
                    int enters = asked * enters(prog, t, f, 0, ref, i, v);
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
                    if ((reduction == TAIL ? 1 : 0) * enters == 1) {
                        counts[countsOff + (int) prog[rec + R_OUT] + tailBin(v, prog[rec + R_LOW], prog[rec + R_WIDTH],
                                (int) prog[rec + R_BINS])] += 1;
                    }
                }
            }
            if ((c >= 0 ? 1 : 0) * means == 1) {
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
        reduceLane(prog, states, obs, ref, count, block, lane, lanes, sums, counts, soa, ALL);
    }

    /**
     * As {@link #reduceLane(double[], double[], double[], double[], int, int, int, int, double[], int[], int)}, only
     * the {@code parts} asked for ({@link #reduce(double[], double[], double[], double[], int, int, int, double[], int,
     * int[], int, int, int)}).
     */
    public static void reduceLane(double[] prog, double[] states, double[] obs, double[] ref, int count, int block,
                                  int lane, int lanes, double[] sums, int[] counts, int soa, int parts) {
        int h = (int) prog[H_COUNTS_LENGTH];
        for (int k = 0; k < h; k++) {
            counts[lane * h + k] = 0;
        }
        int blocks = (count + block - 1) / block;
        int first = (int) ((long) blocks * lane / lanes);
        int last = (int) ((long) blocks * (lane + 1) / lanes);
        reduce(prog, states, obs, ref, first * block, Math.min(count, last * block), block, sums,
                first * (int) prog[H_BLOCK_LENGTH], counts, lane * h, soa, parts);
    }

    // ---- The work-group tree: each block reduced by TREE_ITEMS work items in a fixed pairwise order --------------

    /** Work items that reduce one block together on a device (one work group); a power of two. */
    public static final int TREE_ITEMS = 256;
    /** Particles per work item: a block of {@code TREE_ITEMS · TREE_SPAN} = 1,024 particles. */
    public static final int TREE_SPAN = 4;
    /** Shared (work-group local) slots per work item: the widest tree, a pair's six co-moment sums. */
    public static final int TREE_SLOTS = 6;
    /** Where a work item's accumulator starts in its private array, after its particles' features. */
    public static final int TREE_ACC = TREE_SPAN * FEATURES;
    /** Doubles of a work item's private array: its particles' features, then six accumulator slots. */
    public static final int TREE_PRIVATE = TREE_ACC + TREE_SLOTS;

    /** Terms of the program. */
    public static int terms(double[] prog) {
        return (int) prog[H_TERMS];
    }

    /** Doubles of one block's sums. */
    public static int blockLength(double[] prog) {
        return (int) prog[H_BLOCK_LENGTH];
    }

    /** The dimension of the states. */
    public static int dimension(double[] prog) {
        return (int) prog[H_DIMENSION];
    }

    /** Offset of the co-moments in a block's sums, or −1. */
    public static int comomentsOffset(double[] prog) {
        return (int) prog[H_COMOMENTS];
    }

    /** Offset of mean term t's (n, mean, M₂) in a block's sums, or −1 when t is a histogram term. */
    public static int meanOffset(double[] prog, int t) {
        int rec = HEADER + RECORD * t;
        return (int) prog[rec + R_REDUCTION] == MEAN ? (int) prog[rec + R_OUT] : -1;
    }

    /**
     * Particle k of work item l in the block that starts at particle {@code start}: start + l + k·TREE_ITEMS, so
     * that neighbouring work items read neighbouring particles.
     */
    public static int treeParticle(int start, int l, int k) {
        return start + l + k * TREE_ITEMS;
    }

    /**
     * Work item l's features of its particles, into p[k·FEATURES ..]; a particle at or past {@code end} is marked
     * not finite and is never read.
     */
    public static void treeFeatures(double[] prog, double[] states, double[] obs, int start, int end, int l,
                                    double[] p, int soa) {
        int d = (int) prog[H_DIMENSION];
        for (int k = 0; k < TREE_SPAN; k++) {
            int i = treeParticle(start, l, k);
            p[k * FEATURES + F_FINITE] = 0.0;
            if (i < end) {
                features(prog, states, obs, d, i, p, k * FEATURES, soa);
            }
        }
    }

    /**
     * Work item l's Welford (n, mean, M₂) of mean term t over its particles below {@code end}, in k order, into
     * p[TREE_ACC ..]; the features must be in p ({@link #treeFeatures}).
     */
    public static void treeMean(double[] prog, int t, double[] obs, double[] ref, int start, int end, int l,
                                double[] p, int soa) {
        double n = 0.0;
        double mean = 0.0;
        double m2 = 0.0;
        for (int k = 0; k < TREE_SPAN; k++) {
            int i = treeParticle(start, l, k);
            if (i < end) {
                double v = term(prog, t, obs, i, ref[2 * i], p, k * FEATURES, soa);
                if (enters(prog, t, p, k * FEATURES, ref, i, v) == 1) {
                    n = n + 1.0;
                    double delta = v - mean;
                    mean = mean + delta / n;
                    m2 = m2 + delta * (v - mean);
                }
            }
        }
        p[TREE_ACC] = n;
        p[TREE_ACC + 1] = mean;
        p[TREE_ACC + 2] = m2;
    }

    /**
     * The mean of the union of two sets with counts n_a, n_b and means m_a, m_b (Chan, Golub and LeVeque's pairwise
     * update): m_a + (m_b − m_a)·n_b/(n_a + n_b), or the other set's mean when one is empty.
     */
    public static double mergedMean(double na, double ma, double nb, double mb) {
        double merged = ma + (mb - ma) * (nb / (na + nb));
        return na == 0.0 ? mb : (nb == 0.0 ? ma : merged);
    }

    /** M₂ of the union of two sets: M₂,a + M₂,b + (m_b − m_a)²·n_a n_b/(n_a + n_b), or the other's when one is empty. */
    public static double mergedM2(double na, double ma, double qa, double nb, double mb, double qb) {
        double delta = mb - ma;
        double merged = qa + qb + delta * delta * (na * nb / (na + nb));
        return na == 0.0 ? qb : (nb == 0.0 ? qa : merged);
    }

    /**
     * The co-moments' first pass for work item l, in k order over its finite particles: q = 0 their count, q = 1 + j
     * the sum of coordinate j (the features must be in p).
     */
    public static double treeFirstPass(double[] states, int d, int start, int end, int l, double[] p, int q,
                                       int soa) {
        double s = 0.0;
        for (int k = 0; k < TREE_SPAN; k++) {
            int i = treeParticle(start, l, k);
            if (i < end) {
                double x = q == 0 ? 1.0 : states[stateAt(i, Math.max(0, q - 1), d, soa)];
                s = s + (p[k * FEATURES + F_FINITE] == 1.0 ? x : 0.0);
            }
        }
        return s;
    }

    /**
     * The co-moments' second pass for work item l and the coordinates a ≤ b with block means ma, mb: with
     * x = x_a − m_a and y = x_b − m_b over its finite particles in k order, the sums of y², xy, xy², x², x²y, x²y²
     * into p[TREE_ACC ..] (the slots 2, 4, 5, 6, 7, 8 of the pair's nine M_kl, {@link #comoments}).
     */
    public static void treeSecondPass(double[] states, int d, int start, int end, int l, double[] p, int a, int b,
                                      double ma, double mb, int soa) {
        for (int q = 0; q < TREE_SLOTS; q++) {
            p[TREE_ACC + q] = 0.0;
        }
        for (int k = 0; k < TREE_SPAN; k++) {
            int i = treeParticle(start, l, k);
            if (i < end) {
                boolean ok = p[k * FEATURES + F_FINITE] == 1.0;
                double x = ok ? states[stateAt(i, a, d, soa)] - ma : 0.0;
                double y = ok ? states[stateAt(i, b, d, soa)] - mb : 0.0;
                double x2 = x * x;
                double y2 = y * y;
                p[TREE_ACC] = p[TREE_ACC] + y2;
                p[TREE_ACC + 1] = p[TREE_ACC + 1] + x * y;
                p[TREE_ACC + 2] = p[TREE_ACC + 2] + x * y2;
                p[TREE_ACC + 3] = p[TREE_ACC + 3] + x2;
                p[TREE_ACC + 4] = p[TREE_ACC + 4] + x2 * y;
                p[TREE_ACC + 5] = p[TREE_ACC + 5] + x2 * y2;
            }
        }
    }

    /**
     * The first coordinate a of the pair-th pair a ≤ b in the co-moments' order (a = 0, b = 0 … d − 1; a = 1,
     * b = 1 … d − 1; …).
     */
    public static int pairFirst(int pair, int d) {
        int a = 0;
        int first = 0;
        for (int k = 0; k < d; k++) {
            int next = first + d - a;
            if (pair >= next) {
                first = next;
                a = a + 1;
            }
        }
        return a;
    }

    /** The second coordinate b of the pair-th pair ({@link #pairFirst}). */
    public static int pairSecond(int pair, int d) {
        int a = pairFirst(pair, d);
        return a + pair - (a * d - a * (a - 1) / 2);
    }

    /** Where slot q of {@link #treeSecondPass} goes among a pair's nine M_kl: 2, 4, 5, 6, 7, 8. */
    public static int secondPassSlot(int q) {
        return q == 0 ? 2 : 3 + q;
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
