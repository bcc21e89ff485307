package org.gdmc.tornado;

import java.util.Locale;

import org.gdmc.check.Finding;
import org.gdmc.highdim.BlockScore;
import org.gdmc.highdim.CovarianceForm;
import org.gdmc.highdim.Gemm;
import org.gdmc.highdim.LargeMixture;
import org.gdmc.highdim.NoisedComponents;
import org.gdmc.kernel.KernelMath;
import org.gdmc.kernel.ScorePass;
import org.gdmc.rng.NormalVariates;

import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.math.TornadoMath;

/**
 * The large mixture's blocked score on a device, float64: {@link BlockScore}'s maths (the same log-densities,
 * groups, online log-sum-exp and weighted sums of means, from the host's {@link NoisedComponents}) as a tiled kernel.
 * One work item per particle; a work group of {@value #GROUP} particles loads each tile of {@value #TILE} components ×
 * {@value #CHUNK} coordinates of the means into local memory once and every item reads it from there, twice per tile:
 * for the dot products y·μ_k, then, after the tile's log-densities have updated the item's running maxima and sums,
 * for the weighted sums V_g += Σ_k (α e^{l_k − m_g}/v_k) μ_k (rescaled by e^{m_old − m_new} when a maximum grows).
 * The states, the accumulators V_g and the score passes are laid out by particle (element j of particle i at
 * j·capacity + i): neighbouring items touch neighbouring addresses.
 *
 * <p>Isotropic, shared-diagonal and low-rank components. For the low rank (C_k = v_k I + α² Q_k diag(λ_k) Q_kᵀ) each
 * item also forms p_kr = q_kr·y − α q_kr·μ_k of the tile's components, reading the directions from global memory at
 * the same address in every item of the group, subtracts Σ_r c_kr p_kr² from the quadratic form, and adds
 * Σ_r (e_k c_kr p_kr / v_k) q_kr to its group's V (the r ≤ {@value #MAX_RANK} values per component kept in a private
 * array). The local array is read and written in the kernel body only, and every branch around a barrier depends on
 * the tile alone (docs/tornadovm-traps.md).
 */
public final class LargeScoreTasks {
    /** Components per tile. */
    public static final int TILE = 16;
    /** Coordinates per local load. */
    public static final int CHUNK = 64;
    /** Work items per group. */
    public static final int GROUP = 64;

    /** Offsets in the ints argument. */
    static final int I_COUNT = 0;
    static final int I_DIMENSION = 1;
    static final int I_COMPONENTS = 2;
    static final int I_CAPACITY = 3;
    static final int I_CLASS_START = 4;
    static final int I_CLASS_END = 5;
    static final int I_DIAGONAL = 6;
    /** The low-rank covariances' rank r (0 for the other forms). */
    static final int I_RANK = 7;
    static final int INTS = 8;
    /** The largest rank a work item keeps room for ({@link LargeMixture#MAX_RANK}). */
    static final int MAX_RANK = LargeMixture.MAX_RANK;

    private LargeScoreTasks() {
    }

    /**
     * The score passes of particles 0 … n − 1 at (α, σ²) = (ab[0], ab[1]).
     *
     * @param means  K × d, row-major, sorted by class (class c at rows [lo, hi))
     * @param konst  κ_k, v v_k, vd v_j: {@link NoisedComponents} at this time
     * @param factors     the low-rank directions q_kr, K·r rows of d (one unused value for the other forms)
     * @param factorMeans q_kr·μ_k at k·r + r
     * @param shrink      c_kr at k·r + r, {@link NoisedComponents#c} at this time
     * @param y      the states, by particle
     * @param acc    2·d accumulators per particle, by particle (work space)
     * @param pass   the {@link ScorePass} of each particle, by particle (only the group scores and log-sums)
     */
    public static void score(KernelContext context, int[] ints, double[] ab, double[] means, double[] konst,
                             double[] v, double[] vd, double[] factors, double[] factorMeans, double[] shrink, double[] y,
                             double[] acc, double[] pass) {
        double[] tile = context.allocateDoubleLocalArray(TILE * CHUNK);
        double[] dots = new double[TILE];
        double[] w0 = new double[TILE];
        double[] w1 = new double[TILE];
        // low rank: p_kr of the tile's components, then their weights e_k c_kr p_kr / v_k; 1 where k is the class's
        double[] pq = new double[TILE * MAX_RANK];
        double[] mine = new double[TILE];
        int i = context.globalIdx;
        int l = context.localIdx;
        int n = ints[I_COUNT];
        int d = ints[I_DIMENSION];
        int kCount = ints[I_COMPONENTS];
        int cap = ints[I_CAPACITY];
        int lo = ints[I_CLASS_START];
        int hi = ints[I_CLASS_END];
        int diag = ints[I_DIAGONAL];
        int rank = ints[I_RANK];
        int live = i < n ? 1 : 0;
        int p = live == 1 ? i : 0;
        double alpha = ab[0];
        double yy = 0.0;
        for (int j = 0; j < d; j++) {
            double yj = y[j * cap + p];
            double scaled = diag == 1 ? yj / vd[j] : yj;
            yy += yj * scaled;
        }
        if (live == 1) {
            for (int j = 0; j < 2 * d; j++) {
                acc[j * cap + p] = 0.0;
            }
        }
        double m0 = Double.NEGATIVE_INFINITY;
        double s0 = 0.0;
        double t0 = 0.0;
        double m1 = Double.NEGATIVE_INFINITY;
        double s1 = 0.0;
        double t1 = 0.0;
        // whether a group has had a component yet (no comparison with the constant −∞: PoCL finds isless(float,
        // double) ambiguous in the generated code)
        int seen0 = 0;
        int seen1 = 0;
        for (int k0 = 0; k0 < kCount; k0 += TILE) {
            for (int t = 0; t < TILE; t++) {
                dots[t] = 0.0;
            }
            for (int j0 = 0; j0 < d; j0 += CHUNK) {
                for (int idx = l; idx < TILE * CHUNK; idx += GROUP) {
                    int t = idx / CHUNK;
                    int c = idx - t * CHUNK;
                    int inside = (k0 + t < kCount ? 1 : 0) * (j0 + c < d ? 1 : 0);
                    tile[idx] = inside == 1 ? means[(k0 + t) * d + j0 + c] : 0.0;
                }
                context.localBarrier();
                int cEnd = Math.min(CHUNK, d - j0);
                for (int c = 0; c < cEnd; c++) {
                    int j = j0 + c;
                    double yj = y[j * cap + p];
                    double scaled = diag == 1 ? yj / vd[j] : yj;
                    for (int t = 0; t < TILE; t++) {
                        dots[t] += scaled * tile[t * CHUNK + c];
                    }
                }
                context.localBarrier();
            }
            double top0 = Double.NEGATIVE_INFINITY;
            double top1 = Double.NEGATIVE_INFINITY;
            int any0 = 0;
            int any1 = 0;
            for (int t = 0; t < TILE; t++) {
                int k = k0 + t;
                int valid = k < kCount ? 1 : 0;
                int kk = valid == 1 ? k : 0;
                double quad = yy - 2.0 * alpha * dots[t];
                for (int q = 0; q < rank; q++) {
                    int row = (kk * rank + q) * d;
                    double qy = 0.0;
                    for (int j = 0; j < d; j++) {
                        qy += y[j * cap + p] * factors[row + j];
                    }
                    double pr = qy - alpha * factorMeans[kk * rank + q];
                    pq[t * MAX_RANK + q] = pr;
                    quad -= shrink[kk * rank + q] * pr * pr;
                }
                double lk = konst[kk] - 0.5 * quad / v[kk];
                dots[t] = lk;
                int own = (k >= lo ? 1 : 0) * (k < hi ? 1 : 0) * valid;
                int other = (1 - own) * valid;
                top0 = own * (any0 == 0 ? 1 : (lk > top0 ? 1 : 0)) == 1 ? lk : top0;
                top1 = other * (any1 == 0 ? 1 : (lk > top1 ? 1 : 0)) == 1 ? lk : top1;
                any0 = any0 + own > 0 ? 1 : 0;
                any1 = any1 + other > 0 ? 1 : 0;
            }
            double new0 = any0 * (seen0 == 0 ? 1 : (top0 > m0 ? 1 : 0)) == 1 ? top0 : m0;
            double new1 = any1 * (seen1 == 0 ? 1 : (top1 > m1 ? 1 : 0)) == 1 ? top1 : m1;
            int grow0 = (new0 > m0 ? 1 : 0) * seen0;
            int grow1 = (new1 > m1 ? 1 : 0) * seen1;
            double sc0 = grow0 == 1 ? KernelMath.exp(m0 - new0) : 1.0;
            double sc1 = grow1 == 1 ? KernelMath.exp(m1 - new1) : 1.0;
            s0 = s0 * sc0;
            t0 = t0 * sc0;
            s1 = s1 * sc1;
            t1 = t1 * sc1;
            m0 = new0;
            m1 = new1;
            seen0 = seen0 + any0 > 0 ? 1 : 0;
            seen1 = seen1 + any1 > 0 ? 1 : 0;
            for (int t = 0; t < TILE; t++) {
                int k = k0 + t;
                int valid = k < kCount ? 1 : 0;
                int kk = valid == 1 ? k : 0;
                int own = (k >= lo ? 1 : 0) * (k < hi ? 1 : 0) * valid;
                int other = (1 - own) * valid;
                double e0 = own == 1 ? KernelMath.exp(dots[t] - m0) : 0.0;
                double e1 = other == 1 ? KernelMath.exp(dots[t] - m1) : 0.0;
                s0 += e0;
                s1 += e1;
                t0 += e0 / v[kk];
                t1 += e1 / v[kk];
                w0[t] = alpha * e0 / v[kk];
                w1[t] = alpha * e1 / v[kk];
                mine[t] = own;
                for (int q = 0; q < rank; q++) {
                    pq[t * MAX_RANK + q] = (e0 + e1) / v[kk] * shrink[kk * rank + q] * pq[t * MAX_RANK + q];
                }
            }
            for (int j0 = 0; j0 < d; j0 += CHUNK) {
                for (int idx = l; idx < TILE * CHUNK; idx += GROUP) {
                    int t = idx / CHUNK;
                    int c = idx - t * CHUNK;
                    int inside = (k0 + t < kCount ? 1 : 0) * (j0 + c < d ? 1 : 0);
                    tile[idx] = inside == 1 ? means[(k0 + t) * d + j0 + c] : 0.0;
                }
                context.localBarrier();
                int cEnd = Math.min(CHUNK, d - j0);
                for (int c = 0; c < cEnd; c++) {
                    int j = j0 + c;
                    double a0 = acc[j * cap + p] * sc0;
                    double a1 = acc[(d + j) * cap + p] * sc1;
                    for (int t = 0; t < TILE; t++) {
                        a0 += w0[t] * tile[t * CHUNK + c];
                        a1 += w1[t] * tile[t * CHUNK + c];
                    }
                    for (int t = 0; t < TILE * (rank > 0 ? 1 : 0); t++) {
                        int kk = k0 + t < kCount ? k0 + t : 0;
                        for (int q = 0; q < rank; q++) {
                            double f = pq[t * MAX_RANK + q] * factors[(kk * rank + q) * d + j];
                            a0 += mine[t] * f;
                            a1 += (1.0 - mine[t]) * f;
                        }
                    }
                    if (live == 1) {
                        acc[j * cap + p] = a0;
                        acc[(d + j) * cap + p] = a1;
                    }
                }
                context.localBarrier();
            }
        }
        if (live == 1) {
            double lseC = m0 + KernelMath.log(s0);
            int others = s1 > 0.0 ? 1 : 0;
            double lseO = others == 1 ? m1 + KernelMath.log(s1) : Double.NEGATIVE_INFINITY;
            double top = lseC > lseO ? lseC : lseO;
            double ec = KernelMath.exp(lseC - top);
            double eo = others == 1 ? KernelMath.exp(lseO - top) : 0.0;
            double wc = ec / (ec + eo);
            double wo = eo / (ec + eo);
            for (int j = 0; j < d; j++) {
                double x = y[j * cap + p];
                double a0 = acc[j * cap + p];
                double a1 = acc[(d + j) * cap + p];
                double sc = diag == 1 ? (a0 - s0 * x) / (vd[j] * s0) : (a0 - t0 * x) / s0;
                double so = 0.0;
                if (others == 1) {
                    so = diag == 1 ? (a1 - s1 * x) / (vd[j] * s1) : (a1 - t1 * x) / s1;
                }
                pass[(3 * d + j) * cap + p] = sc;
                pass[(4 * d + j) * cap + p] = so;
                pass[(2 * d + j) * cap + p] = wc * sc + wo * so;
            }
            pass[(5 * d) * cap + p] = top + KernelMath.log(ec + eo);
            pass[(5 * d + 1) * cap + p] = lseC;
            pass[(5 * d + 2) * cap + p] = lseO;
        }
    }

    /**
     * {@link #score} in float32: the same tiles, groups and online log-sum-exp on float arrays, with the device's
     * float exp and log (TornadoMath), for the float32 paths ({@link LargePathsDevice}).
     */
    public static void scoreF32(KernelContext context, int[] ints, float[] ab, float[] means, float[] konst,
                                float[] v, float[] vd, float[] factors, float[] factorMeans, float[] shrink,
                                float[] y, float[] acc, float[] pass) {
        float[] tile = context.allocateFloatLocalArray(TILE * CHUNK);
        float[] dots = new float[TILE];
        float[] w0 = new float[TILE];
        float[] w1 = new float[TILE];
        // low rank: p_kr of the tile's components, then their weights e_k c_kr p_kr / v_k; 1 where k is the class's
        float[] pq = new float[TILE * MAX_RANK];
        float[] mine = new float[TILE];
        int i = context.globalIdx;
        int l = context.localIdx;
        int n = ints[I_COUNT];
        int d = ints[I_DIMENSION];
        int kCount = ints[I_COMPONENTS];
        int cap = ints[I_CAPACITY];
        int lo = ints[I_CLASS_START];
        int hi = ints[I_CLASS_END];
        int diag = ints[I_DIAGONAL];
        int rank = ints[I_RANK];
        int live = i < n ? 1 : 0;
        int p = live == 1 ? i : 0;
        float alpha = ab[0];
        float yy = 0.0f;
        for (int j = 0; j < d; j++) {
            float yj = y[j * cap + p];
            float scaled = diag == 1 ? yj / vd[j] : yj;
            yy += yj * scaled;
        }
        if (live == 1) {
            for (int j = 0; j < 2 * d; j++) {
                acc[j * cap + p] = 0.0f;
            }
        }
        float m0 = Float.NEGATIVE_INFINITY;
        float s0 = 0.0f;
        float t0 = 0.0f;
        float m1 = Float.NEGATIVE_INFINITY;
        float s1 = 0.0f;
        float t1 = 0.0f;
        // whether a group has had a component yet (no comparison with the constant −∞: PoCL finds isless(float,
        // double) ambiguous in the generated code)
        int seen0 = 0;
        int seen1 = 0;
        for (int k0 = 0; k0 < kCount; k0 += TILE) {
            for (int t = 0; t < TILE; t++) {
                dots[t] = 0.0f;
            }
            for (int j0 = 0; j0 < d; j0 += CHUNK) {
                for (int idx = l; idx < TILE * CHUNK; idx += GROUP) {
                    int t = idx / CHUNK;
                    int c = idx - t * CHUNK;
                    int inside = (k0 + t < kCount ? 1 : 0) * (j0 + c < d ? 1 : 0);
                    tile[idx] = inside == 1 ? means[(k0 + t) * d + j0 + c] : 0.0f;
                }
                context.localBarrier();
                int cEnd = Math.min(CHUNK, d - j0);
                for (int c = 0; c < cEnd; c++) {
                    int j = j0 + c;
                    float yj = y[j * cap + p];
                    float scaled = diag == 1 ? yj / vd[j] : yj;
                    for (int t = 0; t < TILE; t++) {
                        dots[t] += scaled * tile[t * CHUNK + c];
                    }
                }
                context.localBarrier();
            }
            float top0 = Float.NEGATIVE_INFINITY;
            float top1 = Float.NEGATIVE_INFINITY;
            int any0 = 0;
            int any1 = 0;
            for (int t = 0; t < TILE; t++) {
                int k = k0 + t;
                int valid = k < kCount ? 1 : 0;
                int kk = valid == 1 ? k : 0;
                float quad = yy - 2.0f * alpha * dots[t];
                for (int q = 0; q < rank; q++) {
                    int row = (kk * rank + q) * d;
                    float qy = 0.0f;
                    for (int j = 0; j < d; j++) {
                        qy += y[j * cap + p] * factors[row + j];
                    }
                    float pr = qy - alpha * factorMeans[kk * rank + q];
                    pq[t * MAX_RANK + q] = pr;
                    quad -= shrink[kk * rank + q] * pr * pr;
                }
                float lk = konst[kk] - 0.5f * quad / v[kk];
                dots[t] = lk;
                int own = (k >= lo ? 1 : 0) * (k < hi ? 1 : 0) * valid;
                int other = (1 - own) * valid;
                top0 = own * (any0 == 0 ? 1 : (lk > top0 ? 1 : 0)) == 1 ? lk : top0;
                top1 = other * (any1 == 0 ? 1 : (lk > top1 ? 1 : 0)) == 1 ? lk : top1;
                any0 = any0 + own > 0 ? 1 : 0;
                any1 = any1 + other > 0 ? 1 : 0;
            }
            float new0 = any0 * (seen0 == 0 ? 1 : (top0 > m0 ? 1 : 0)) == 1 ? top0 : m0;
            float new1 = any1 * (seen1 == 0 ? 1 : (top1 > m1 ? 1 : 0)) == 1 ? top1 : m1;
            int grow0 = (new0 > m0 ? 1 : 0) * seen0;
            int grow1 = (new1 > m1 ? 1 : 0) * seen1;
            float sc0 = grow0 == 1 ? TornadoMath.exp(m0 - new0) : 1.0f;
            float sc1 = grow1 == 1 ? TornadoMath.exp(m1 - new1) : 1.0f;
            s0 = s0 * sc0;
            t0 = t0 * sc0;
            s1 = s1 * sc1;
            t1 = t1 * sc1;
            m0 = new0;
            m1 = new1;
            seen0 = seen0 + any0 > 0 ? 1 : 0;
            seen1 = seen1 + any1 > 0 ? 1 : 0;
            for (int t = 0; t < TILE; t++) {
                int k = k0 + t;
                int valid = k < kCount ? 1 : 0;
                int kk = valid == 1 ? k : 0;
                int own = (k >= lo ? 1 : 0) * (k < hi ? 1 : 0) * valid;
                int other = (1 - own) * valid;
                float e0 = own == 1 ? TornadoMath.exp(dots[t] - m0) : 0.0f;
                float e1 = other == 1 ? TornadoMath.exp(dots[t] - m1) : 0.0f;
                s0 += e0;
                s1 += e1;
                t0 += e0 / v[kk];
                t1 += e1 / v[kk];
                w0[t] = alpha * e0 / v[kk];
                w1[t] = alpha * e1 / v[kk];
                mine[t] = own;
                for (int q = 0; q < rank; q++) {
                    pq[t * MAX_RANK + q] = (e0 + e1) / v[kk] * shrink[kk * rank + q] * pq[t * MAX_RANK + q];
                }
            }
            for (int j0 = 0; j0 < d; j0 += CHUNK) {
                for (int idx = l; idx < TILE * CHUNK; idx += GROUP) {
                    int t = idx / CHUNK;
                    int c = idx - t * CHUNK;
                    int inside = (k0 + t < kCount ? 1 : 0) * (j0 + c < d ? 1 : 0);
                    tile[idx] = inside == 1 ? means[(k0 + t) * d + j0 + c] : 0.0f;
                }
                context.localBarrier();
                int cEnd = Math.min(CHUNK, d - j0);
                for (int c = 0; c < cEnd; c++) {
                    int j = j0 + c;
                    float a0 = acc[j * cap + p] * sc0;
                    float a1 = acc[(d + j) * cap + p] * sc1;
                    for (int t = 0; t < TILE; t++) {
                        a0 += w0[t] * tile[t * CHUNK + c];
                        a1 += w1[t] * tile[t * CHUNK + c];
                    }
                    for (int t = 0; t < TILE * (rank > 0 ? 1 : 0); t++) {
                        int kk = k0 + t < kCount ? k0 + t : 0;
                        for (int q = 0; q < rank; q++) {
                            float f = pq[t * MAX_RANK + q] * factors[(kk * rank + q) * d + j];
                            a0 += mine[t] * f;
                            a1 += (1.0f - mine[t]) * f;
                        }
                    }
                    if (live == 1) {
                        acc[j * cap + p] = a0;
                        acc[(d + j) * cap + p] = a1;
                    }
                }
                context.localBarrier();
            }
        }
        if (live == 1) {
            float lseC = m0 + TornadoMath.log(s0);
            int others = s1 > 0.0f ? 1 : 0;
            float lseO = others == 1 ? m1 + TornadoMath.log(s1) : Float.NEGATIVE_INFINITY;
            float top = lseC > lseO ? lseC : lseO;
            float ec = TornadoMath.exp(lseC - top);
            float eo = others == 1 ? TornadoMath.exp(lseO - top) : 0.0f;
            float wc = ec / (ec + eo);
            float wo = eo / (ec + eo);
            for (int j = 0; j < d; j++) {
                float x = y[j * cap + p];
                float a0 = acc[j * cap + p];
                float a1 = acc[(d + j) * cap + p];
                float sc = diag == 1 ? (a0 - s0 * x) / (vd[j] * s0) : (a0 - t0 * x) / s0;
                float so = 0.0f;
                if (others == 1) {
                    so = diag == 1 ? (a1 - s1 * x) / (vd[j] * s1) : (a1 - t1 * x) / s1;
                }
                pass[(3 * d + j) * cap + p] = sc;
                pass[(4 * d + j) * cap + p] = so;
                pass[(2 * d + j) * cap + p] = wc * sc + wo * so;
            }
            pass[(5 * d) * cap + p] = top + TornadoMath.log(ec + eo);
            pass[(5 * d + 1) * cap + p] = lseC;
            pass[(5 * d + 2) * cap + p] = lseO;
        }
    }

    /**
     * The device's passes for random points of a mixture of each supported form against {@link BlockScore} on the
     * CPU, every group score and log-sum within {@code bound} relative (the sums run in another order).
     */
    static Finding check(int device, double bound) {
        double worst = 0.0;
        StringBuilder detail = new StringBuilder();
        for (CovarianceForm form : CovarianceForm.values()) {
            double e = compare(device, mixture(form, 70, 301), 1, 203, 0.8, 0.36);
            worst = Math.max(worst, e);
            detail.append(String.format(Locale.ROOT, "%s %.1e; ", form.key(), e));
        }
        return Finding.when(worst <= bound, String.format(Locale.ROOT, "d = 70, K = 301, 203 particles: %s"
                + "every score slot within %.1e relative (bound %.0e)", detail, worst, bound));
    }

    /** A mixture of the form with K components in d dimensions, three classes, means of scale 0.3. */
    static LargeMixture mixture(CovarianceForm form, int d, int kCount) {
        double[] mu = new double[kCount * d];
        NormalVariates.fill(12L, 0, 0, mu, 0, mu.length, new long[4]);
        for (int i = 0; i < mu.length; i++) {
            mu[i] *= 0.3;
        }
        int[] cls = new int[kCount];
        double[] w = new double[kCount];
        double[] s2 = new double[kCount];
        for (int k = 0; k < kCount; k++) {
            cls[k] = (k * 5) % 3;
            w[k] = 1.0 + (k % 7);
            s2[k] = 0.5 + 0.01 * (k % 13);
        }
        double[] diag = new double[d];
        for (int j = 0; j < d; j++) {
            diag[j] = 0.4 + 0.02 * j;
        }
        if (form != CovarianceForm.LOW_RANK) {
            return LargeMixture.of(d, cls, w, mu, form, s2, diag, 0, new double[0], new double[0]);
        }
        int r = LOW_RANK;
        double[] q = new double[kCount * r * d];
        NormalVariates.fill(14L, 0, 0, q, 0, q.length, new long[4]);
        LargeMixture.orthonormalise(q, kCount, r, d);
        double[] lambda = new double[kCount * r];
        for (int i = 0; i < lambda.length; i++) {
            lambda[i] = 0.2 + 0.15 * (i % 5);
        }
        return LargeMixture.of(d, cls, w, mu, form, s2, diag, r, q, lambda);
    }

    /** The rank of the checks' low-rank mixture. */
    static final int LOW_RANK = 3;

    /** The directions, their means q_kr·μ_k and a buffer for c_kr of a mixture (one zero each without low rank). */
    static double[][] lowRankArrays(LargeMixture m) {
        if (m.rank() == 0) {
            return new double[][] {new double[1], new double[1], new double[1]};
        }
        return new double[][] {m.factors(), m.factorMeans(), new double[m.components() * m.rank()]};
    }

    /** The worst relative difference of the device's passes from the CPU's. */
    static double compare(int device, LargeMixture m, int cls, int n, double alpha, double sigma2) {
        int d = m.dimension();
        int cap = n;
        int sl = ScorePass.length(d);
        double[] rows = new double[n * d];
        NormalVariates.fill(13L, 0, 0, rows, 0, rows.length, new long[4]);
        double[] y = new double[d * cap];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                y[j * cap + i] = rows[i * d + j];
            }
        }
        NoisedComponents nc = NoisedComponents.of(m, alpha, sigma2);
        int[] ints = new int[INTS];
        ints[I_COUNT] = n;
        ints[I_DIMENSION] = d;
        ints[I_COMPONENTS] = m.components();
        ints[I_CAPACITY] = cap;
        ints[I_CLASS_START] = m.classStart(cls);
        ints[I_CLASS_END] = m.classEnd(cls);
        ints[I_DIAGONAL] = m.form() == CovarianceForm.SHARED_DIAGONAL ? 1 : 0;
        ints[I_RANK] = m.rank();
        double[] ab = {alpha, sigma2};
        double[] means = m.means();
        double[] vd = nc.vd() == null ? new double[1] : nc.vd();
        double[][] lr = lowRankArrays(m);
        if (m.rank() > 0) {
            System.arraycopy(nc.c(), 0, lr[2], 0, lr[2].length);
        }
        double[] acc = new double[2 * d * cap];
        double[] pass = new double[sl * cap];
        TaskGraph tg = new TaskGraph("large").transferToDevice(DataTransferMode.FIRST_EXECUTION, ints, ab, means,
                        nc.konst(), nc.v(), vd, lr[0], lr[1], lr[2], y, acc)
                .task("score", LargeScoreTasks::score, new KernelContext(), ints, ab, means, nc.konst(), nc.v(), vd,
                        lr[0], lr[1], lr[2], y, acc, pass)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, pass);
        WorkerGrid1D groups = new WorkerGrid1D((n + GROUP - 1) / GROUP * GROUP);
        groups.setLocalWork(GROUP, 1, 1);
        ImmutableTaskGraph itg = tg.snapshot();
        try (TornadoExecutionPlan plan = new TornadoExecutionPlan(itg)) {
            plan.withDevice(TornadoDevices.get(device)).withGridScheduler(new GridScheduler("large.score", groups))
                    .execute();
        } catch (Exception e) {
            throw new IllegalStateException("the device could not run the large-mixture score: " + e.getMessage(), e);
        }
        BlockScore cpu = new BlockScore(m, cls, n, Gemm.best());
        double[] ref = new double[n * sl];
        cpu.evaluate(alpha, sigma2, rows, 0, n, ref, 0, sl);
        double worst = 0.0;
        for (int i = 0; i < n; i++) {
            for (int q = ScorePass.unconditional(d); q <= ScorePass.logOther(d); q++) {
                double a = ref[i * sl + q];
                double b = pass[q * cap + i];
                double off = a == b ? 0.0 : Math.abs(a - b) / (1.0 + Math.abs(a));
                worst = Math.max(worst, Double.isNaN(off) ? Double.POSITIVE_INFINITY : off);
            }
        }
        return worst;
    }
}
