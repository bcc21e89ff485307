package org.gdmc.highdim;

import java.util.Arrays;

import org.gdmc.kernel.ScorePass;

/**
 * The exact noised scores of a {@link LargeMixture} for a block of particles at once, shaped as matrix products.
 *
 * <p>At forward time t (α = α_t, σ² = σ_t²) component k of the data law becomes N(α μ_k, C_k) with
 * C_k = α² Σ_k + σ² I. For a point y write z_k = y − α μ_k. Then
 * <ul>
 *   <li>isotropic, v_k = α² s_k² + σ²: l_k = log w_k − ½ d log(2π v_k) − (‖y‖² − 2α y·μ_k + α²‖μ_k‖²)/(2 v_k) and
 *       g_k = ∇ l_k = −z_k / v_k;</li>
 *   <li>shared diagonal, v_j = α² D_j + σ²: l_k = log w_k − ½ Σ_j log(2π v_j) − ½ (Σ_j y_j²/v_j − 2α Σ_j (y_j/v_j) μ_kj
 *       + α² Σ_j μ_kj²/v_j) and g_kj = −z_kj / v_j;</li>
 *   <li>low rank, C_k = v_k I + α² Q_k diag(λ_k) Q_kᵀ with v_k = α² s_k² + σ²: by Woodbury
 *       C_k⁻¹ = (I − Q_k diag(c_k) Q_kᵀ)/v_k with c_kr = α² λ_kr/(v_k + α² λ_kr), and by the determinant lemma
 *       log det C_k = d log v_k + Σ_r log(1 + α² λ_kr / v_k); with p_kr = q_kr·y − α q_kr·μ_k,
 *       l_k = log w_k − ½ (d log 2π + log det C_k) − (‖z_k‖² − Σ_r c_kr p_kr²)/(2 v_k) and
 *       g_k = −z_k/v_k + Σ_r (c_kr p_kr / v_k) q_kr.</li>
 * </ul>
 * The score of a group G of components is Σ_{k∈G} r_k g_k with r = softmax_G(l). The dependence on y enters only
 * through y·μ_k (and q_kr·y): one product Y Mᵀ of the block's rows with a tile of components ({@link Gemm#dots}).
 * Then, per row and per group, an online log-sum-exp over the tiles (the running maximum m_G, the sums
 * S_G = Σ e^{l_k − m_G} and T_G = Σ e^{l_k − m_G}/v_k, rescaled when m_G grows) and the weighted sum of means
 * V_G = Σ_k (α e^{l_k − m_G}/v_k) μ_k + Σ_{k,r} (e^{l_k − m_G} c_kr p_kr / v_k) q_kr, a second product
 * ({@link Gemm#accumulate}). Finally s_G = (V_G − T_G y)/S_G (for the shared diagonal, with the weight α e^{l_k −
 * m_G}: s_Gj = (V_Gj − S_G y_j)/(v_j S_G)). Two groups are accumulated, the guided class c and the other classes
 * (components are sorted by class, so c is one run of rows); the unconditional score is their mixture,
 * s_u = e^{LSE_c − LSE_all} s_c + e^{LSE_o − LSE_all} s_o. The output is the {@link ScorePass} layout, so the guidance
 * forms and integrators read it unchanged.
 *
 * <p>Every quantity of a row depends on that row alone and on the fixed tiling of the components ({@value #TILE}
 * per tile), and {@link Gemm} fixes the order of every sum: the bits do not depend on which rows share a block.
 * One instance holds the scratch of one worker (not thread-safe).
 */
public final class BlockScore {
    /** Components per tile. */
    public static final int TILE = 128;

    private final LargeMixture m;
    private final int cls;
    private final int d;
    private final int r;
    private final int capacity;
    private final Gemm gemm;
    private final GemmF32 f32;
    private final float[] yF;
    private final float[] dotsF;
    private final float[] weightsF;
    private final float[] accF;
    private final boolean diagonal;
    private final int[][] segments;

    private final double[] dots;
    private final double[] qdots;
    private final double[] weights;
    private final double[] qweights;
    private final double[] acc;
    private final double[] scaled;
    private final double[] yy;
    private final double[] rowMax;
    private final double[] rowSum;
    private final double[] rowTsum;

    private NoisedComponents noised;
    private double[] v;
    private double[] invV;
    private double[] konst;
    /** The tile's exp arguments and values (whole vectors: {@value #TILE} is a multiple of the lanes). */
    private final double[] expArgs = new double[TILE];
    private final double[] exps = new double[TILE];
    private double[] c;
    private double[] vd;

    /**
     * @param capacity most rows per call
     */
    public BlockScore(LargeMixture mixture, int cls, int capacity, Gemm gemm) {
        this(mixture, cls, capacity, gemm, null);
    }

    /**
     * With {@code f32} not null, the two products run in float32 on the means rounded to float (the points are rounded
     * per call, and the groups' accumulators V_g are float, widened at the end); the rest of the score
     * (log-densities, log-sum-exp, the final combination) stays in float64.
     */
    public BlockScore(LargeMixture mixture, int cls, int capacity, Gemm gemm, GemmF32 f32) {
        this.m = mixture;
        this.cls = cls;
        this.d = mixture.dimension();
        this.r = mixture.rank();
        this.capacity = capacity;
        this.gemm = gemm;
        this.f32 = f32;
        this.yF = f32 == null ? null : new float[capacity * mixture.dimension()];
        this.dotsF = f32 == null ? null : new float[capacity * TILE * Math.max(1, mixture.rank())];
        this.weightsF = f32 == null ? null : new float[capacity * TILE * Math.max(1, mixture.rank())];
        this.accF = f32 == null ? null : new float[2 * capacity * mixture.dimension()];
        this.diagonal = mixture.form() == CovarianceForm.SHARED_DIAGONAL;
        int lo = mixture.classStart(cls);
        int hi = mixture.classEnd(cls);
        this.segments = new int[][] {{0, lo, 1}, {lo, hi, 0}, {hi, mixture.components(), 1}};
        this.dots = new double[capacity * TILE];
        this.qdots = new double[capacity * TILE * r];
        this.weights = new double[capacity * TILE];
        this.qweights = new double[capacity * TILE * r];
        this.acc = new double[2 * capacity * d];
        this.scaled = diagonal ? new double[capacity * d] : null;
        this.yy = new double[capacity];
        this.rowMax = new double[2 * capacity];
        this.rowSum = new double[2 * capacity];
        this.rowTsum = new double[2 * capacity];
    }

    /** The mixture. */
    public LargeMixture mixture() {
        return m;
    }

    /** The per-component constants at (α, σ²), kept while the time does not change. */
    private void constants(double alpha, double sigma2) {
        if (noised == null || alpha != noised.alpha() || sigma2 != noised.sigma2()) {
            noised = NoisedComponents.of(m, alpha, sigma2);
            v = noised.v();
            invV = new double[v.length];
            for (int k = 0; k < v.length; k++) {
                invV[k] = 1.0 / v[k];
            }
            konst = noised.konst();
            c = noised.c();
            vd = noised.vd();
        }
    }

    /**
     * Fills the score pass of each of {@code rows} points at (α, σ²).
     *
     * @param y          rows × d, row-major, from yOff. Not modified.
     * @param pass       the pass of row b at pass[passOff + b·passStride …) in the {@link ScorePass} layout (only the
     *                   group scores and log-sums are written). Modified.
     */
    public void evaluate(double alpha, double sigma2, double[] y, int yOff, int rows, double[] pass, int passOff,
                         int passStride) {
        run(alpha, sigma2, y, yOff, rows, pass, passOff, passStride, null);
    }

    /**
     * The data law's view of each point (t = 0): the guided class's logit log p₀(c|y) − log p₀(not c|y), the class
     * with the largest posterior (ties to the lower label), and the component with the largest responsibility.
     */
    public void classify(double[] y, int yOff, int rows, double[] logit, int[] bestClass, int[] nearest) {
        Classes out = new Classes(rows, logit, bestClass, nearest);
        run(1.0, 0.0, y, yOff, rows, null, 0, 0, out);
    }

    /** Per-row running class and component maxima for {@link #classify}. */
    private static final class Classes {
        final double[] logit;
        final int[] bestClass;
        final int[] nearest;
        final double[] bestLse;
        final double[] bestL;
        final int[] current;
        final double[] curMax;
        final double[] curSum;

        Classes(int rows, double[] logit, int[] bestClass, int[] nearest) {
            this.logit = logit;
            this.bestClass = bestClass;
            this.nearest = nearest;
            bestLse = new double[rows];
            bestL = new double[rows];
            current = new int[rows];
            curMax = new double[rows];
            curSum = new double[rows];
            Arrays.fill(bestLse, Double.NEGATIVE_INFINITY);
            Arrays.fill(bestL, Double.NEGATIVE_INFINITY);
            Arrays.fill(current, -1);
            Arrays.fill(bestClass, 0, rows, -1);
        }

        void close(int b) {
            if (current[b] >= 0) {
                double lse = curMax[b] + Math.log(curSum[b]);
                if (lse > bestLse[b] || bestClass[b] < 0) {
                    bestLse[b] = lse;
                    bestClass[b] = current[b];
                }
            }
        }

        void add(int b, int k, int label, double l) {
            if (label != current[b]) {
                close(b);
                current[b] = label;
                curMax[b] = l;
                curSum[b] = 1.0;
            } else if (l > curMax[b]) {
                curSum[b] = curSum[b] * Math.exp(curMax[b] - l) + 1.0;
                curMax[b] = l;
            } else {
                curSum[b] += Math.exp(l - curMax[b]);
            }
            if (l > bestL[b]) {
                bestL[b] = l;
                nearest[b] = k;
            }
        }
    }

    private void run(double alpha, double sigma2, double[] y, int yOff, int rows, double[] pass, int passOff,
                     int passStride, Classes classes) {
        if (rows > capacity) {
            throw new IllegalArgumentException("at most " + capacity + " rows per call, got " + rows);
        }
        constants(alpha, sigma2);
        double[] a = y;
        int aOff = yOff;
        for (int b = 0; b < rows; b++) {
            double s = 0.0;
            int yb = yOff + b * d;
            if (diagonal) {
                for (int j = 0; j < d; j++) {
                    double x = y[yb + j];
                    scaled[b * d + j] = x / vd[j];
                    s += x * x / vd[j];
                }
            } else {
                for (int j = 0; j < d; j++) {
                    s += y[yb + j] * y[yb + j];
                }
            }
            yy[b] = s;
        }
        if (diagonal) {
            a = scaled;
            aOff = 0;
        }
        Arrays.fill(acc, 0, rows * d, 0.0);
        Arrays.fill(acc, capacity * d, (capacity + rows) * d, 0.0);
        if (accF != null) {
            Arrays.fill(accF, 0, rows * d, 0f);
            Arrays.fill(accF, capacity * d, (capacity + rows) * d, 0f);
        }
        for (int g = 0; g < 2; g++) {
            Arrays.fill(rowMax, g * capacity, g * capacity + rows, Double.NEGATIVE_INFINITY);
            Arrays.fill(rowSum, g * capacity, g * capacity + rows, 0.0);
            Arrays.fill(rowTsum, g * capacity, g * capacity + rows, 0.0);
        }
        double[] mu = m.means();
        double[] q = m.factors();
        if (f32 != null) {
            // the low-rank form has no shared diagonal, so a is y whenever directions are read
            narrowRows(a, aOff, rows);
        }
        for (int[] seg : segments) {
            int group = seg[2];
            for (int k0 = seg[0]; k0 < seg[1]; k0 += TILE) {
                int kt = Math.min(TILE, seg[1] - k0);
                if (f32 == null) {
                    gemm.dots(a, aOff, rows, mu, k0 * d, kt, d, dots, 0, TILE);
                    if (r > 0) {
                        gemm.dots(y, yOff, rows, q, k0 * r * d, kt * r, d, qdots, 0, TILE * r);
                    }
                } else {
                    f32.dots(yF, 0, rows, m.meansF32(), k0 * d, kt, d, dotsF, 0, TILE);
                    widen(dotsF, dots, rows * TILE);
                    if (r > 0) {
                        f32.dots(yF, 0, rows, m.factorsF32(), k0 * r * d, kt * r, d, dotsF, 0, TILE * r);
                        widen(dotsF, qdots, rows * TILE * r);
                    }
                }
                for (int b = 0; b < rows; b++) {
                    tile(alpha, y, yOff, b, k0, kt, group, classes);
                }
                if (pass != null && f32 == null) {
                    gemm.accumulate(weights, 0, TILE, rows, mu, k0 * d, kt, d, acc, group * capacity * d);
                    if (r > 0) {
                        gemm.accumulate(qweights, 0, TILE * r, rows, q, k0 * r * d, kt * r, d, acc,
                                group * capacity * d);
                    }
                } else if (pass != null) {
                    // float32: the group's accumulator itself is float (widened once, at the end)
                    narrow(weights, weightsF, rows * TILE);
                    f32.accumulate(weightsF, 0, TILE, rows, m.meansF32(), k0 * d, kt, d, accF, group * capacity * d);
                    if (r > 0) {
                        narrow(qweights, weightsF, rows * TILE * r);
                        f32.accumulate(weightsF, 0, TILE * r, rows, m.factorsF32(), k0 * r * d, kt * r, d, accF,
                                group * capacity * d);
                    }
                }
            }
        }
        if (accF != null && pass != null) {
            for (int g = 0; g < 2; g++) {
                for (int i = g * capacity * d; i < (g * capacity + rows) * d; i++) {
                    acc[i] = accF[i];
                }
            }
        }
        for (int b = 0; b < rows; b++) {
            if (classes != null) {
                classes.close(b);
                double lc = rowMax[b] + Math.log(rowSum[b]);
                double lo = rowSum[capacity + b] > 0 ? rowMax[capacity + b] + Math.log(rowSum[capacity + b])
                        : Double.NEGATIVE_INFINITY;
                classes.logit[b] = lc - lo;
            } else {
                finish(y, yOff, b, rows, pass, passOff + b * passStride);
            }
        }
    }

    /** l_k for the row's tile, the online update of its group, and the row's weights for the second product. */
    private void tile(double alpha, double[] y, int yOff, int b, int k0, int kt, int group, Classes classes) {
        int gb = group * capacity + b;
        double[] l = weights;
        int lb = b * TILE;
        double tileMax = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < kt; i++) {
            int k = k0 + i;
            double lk;
            if (diagonal) {
                lk = konst[k] - 0.5 * (yy[b] - 2.0 * alpha * dots[lb + i]);
            } else {
                double quad = yy[b] - 2.0 * alpha * dots[lb + i];
                for (int j = 0; j < r; j++) {
                    double p = qdots[b * TILE * r + i * r + j] - alpha * m.factorMean(k, j);
                    qdots[b * TILE * r + i * r + j] = p;
                    quad -= c[k * r + j] * p * p;
                }
                lk = konst[k] - 0.5 * quad * invV[k];
            }
            l[lb + i] = lk;
            tileMax = Math.max(tileMax, lk);
            if (classes != null) {
                classes.add(b, k, m.classOf(k), lk);
            }
        }
        double old = rowMax[gb];
        double top = Math.max(old, tileMax);
        if (top > old && old != Double.NEGATIVE_INFINITY) {
            double scale = Math.exp(old - top);
            rowSum[gb] *= scale;
            rowTsum[gb] *= scale;
            if (classes == null && accF == null) {
                int ab = accRow(group, b);
                for (int j = 0; j < d; j++) {
                    acc[ab + j] *= scale;
                }
            } else if (classes == null) {
                int ab = accRow(group, b);
                float fs = (float) scale;
                for (int j = 0; j < d; j++) {
                    accF[ab + j] *= fs;
                }
            }
        }
        rowMax[gb] = top;
        for (int i = 0; i < kt; i++) {
            expArgs[i] = l[lb + i] - top;
        }
        gemm.exp(expArgs, exps, kt);
        for (int i = 0; i < kt; i++) {
            int k = k0 + i;
            double e = exps[i];
            rowSum[gb] += e;
            double ev = e * invV[k];
            rowTsum[gb] += ev;
            weights[lb + i] = alpha * ev;
            for (int j = 0; j < r; j++) {
                int at = b * TILE * r + i * r + j;
                qweights[at] = ev * c[k * r + j] * qdots[at];
            }
        }
    }

    /** Rows [0, rows) of x (row-major, d per row, from off) rounded to float into yF. */
    private void narrowRows(double[] x, int off, int rows) {
        for (int i = 0; i < rows * d; i++) {
            yF[i] = (float) x[off + i];
        }
    }

    private static void narrow(double[] from, float[] to, int n) {
        for (int i = 0; i < n; i++) {
            to[i] = (float) from[i];
        }
    }

    private static void widen(float[] from, double[] to, int n) {
        for (int i = 0; i < n; i++) {
            to[i] = from[i];
        }
    }

    /** Offset of group g's accumulator V_g for row b (groups: 0 the class, 1 the others). */
    private int accRow(int group, int b) {
        return (group * capacity + b) * d;
    }

    private void finish(double[] y, int yOff, int b, int rows, double[] pass, int p) {
        int yb = yOff + b * d;
        int sC = p + ScorePass.conditional(d);
        int sO = p + ScorePass.otherClasses(d);
        int sU = p + ScorePass.unconditional(d);
        int ac = accRow(0, b);
        int ao = accRow(1, b);
        double sumC = rowSum[b];
        double sumO = rowSum[capacity + b];
        double lseC = rowMax[b] + Math.log(sumC);
        double lseO = sumO > 0 ? rowMax[capacity + b] + Math.log(sumO) : Double.NEGATIVE_INFINITY;
        for (int j = 0; j < d; j++) {
            double x = y[yb + j];
            if (diagonal) {
                pass[sC + j] = (acc[ac + j] - sumC * x) / (vd[j] * sumC);
                pass[sO + j] = sumO > 0 ? (acc[ao + j] - sumO * x) / (vd[j] * sumO) : 0.0;
            } else {
                pass[sC + j] = (acc[ac + j] - rowTsum[b] * x) / sumC;
                pass[sO + j] = sumO > 0 ? (acc[ao + j] - rowTsum[capacity + b] * x) / sumO : 0.0;
            }
        }
        double top = Math.max(lseC, lseO);
        double ec = Math.exp(lseC - top);
        double eo = lseO == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(lseO - top);
        double lseAll = top + Math.log(ec + eo);
        double wc = ec / (ec + eo);
        double wo = eo / (ec + eo);
        for (int j = 0; j < d; j++) {
            pass[sU + j] = wc * pass[sC + j] + wo * pass[sO + j];
        }
        pass[p + ScorePass.logAll(d)] = lseAll;
        pass[p + ScorePass.logClass(d)] = lseC;
        pass[p + ScorePass.logOther(d)] = lseO;
    }
}
