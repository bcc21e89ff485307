package org.gdmc.mixture;

import org.gdmc.kernel.KernelCode;
import org.gdmc.kernel.ScorePass;

/**
 * Scores and class log-posteriors of a noised mixture of Gaussians and uniform boxes, on primitive arrays (kernel
 * subset: no allocation, no objects, no exceptions).
 *
 * <p>At forward time t the component k of the data law N(μ_k, Σ_k) becomes N(α μ_k, C_k) with
 * C_k = α² Σ_k + σ² I = U_k diag(α² λ_k + σ²) U_kᵀ. With l_k(x) = log w_k + log N(x; α μ_k, C_k) and
 * g_k(x) = −C_k⁻¹ (x − α μ_k), the score of any group G of components is ∇ log Σ_{k∈G} e^{l_k} = Σ_{k∈G} r_k g_k
 * with responsibilities r = softmax_G(l), accumulated by an online log-sum-exp so that nothing overflows for any x.
 * A box component Π_j U[a_j, b_j] has l_k(x) = log w_k + Σ_j [log(Φ(u_j) − Φ(v_j)) − log(α (b_j − a_j))] and
 * g_k(x)_j = −E[U | v_j &lt; U &lt; u_j]/σ, with u_j = (x_j − α a_j)/σ, v_j = (x_j − α b_j)/σ ({@link NormalIntervals}).
 * At σ² = 0 a box density is an indicator; it is evaluated at σ² = {@value #BOX_SIGMA2_FLOOR} instead, which gives
 * its exact log-density inside the box and, outside every support, class posteriors equal to their limit as t → 0
 * (the class of the nearest support).
 * Three groups are accumulated in one pass: all components (the unconditional model), those of class c
 * (the conditional model), and those of other classes; log p_t(c | x) = LSE_c − LSE_all. When the mixture carries a
 * separate unconditional model ({@code guidance.unconditional}: components of class {@link
 * MixtureLayout#UNCONDITIONAL}), those components alone make the unconditional group and enter neither of the
 * others, so the class logit stays the data law's. The output is laid out as {@link ScorePass} describes.
 */
@KernelCode
public final class MixtureScore {
    private static final double LOG_2PI = Math.log(2.0 * Math.PI);
    /** σ² at which box components are evaluated when σ² = 0. */
    public static final double BOX_SIGMA2_FLOOR = 1e-280;

    private MixtureScore() {
    }

    /**
     * Evaluates the three group scores and log-sums at x.
     *
     * @param params  packed mixture ({@link MixtureLayout}). Not modified.
     * @param meta    packed mixture metadata. Not modified.
     * @param cls     the class c
     * @param alpha   α_t
     * @param sigma2  σ_t² (0 at t = 0)
     * @param x       the point, at x[xOff .. xOff+d). Not modified.
     * @param scratch at least {@link ScorePass#length} doubles from sOff; holds the results there. Modified.
     */
    public static void evaluate(double[] params, int[] meta, int cls, double alpha, double sigma2,
                                double[] x, int xOff, double[] scratch, int sOff) {
        evaluate(params, meta, cls, alpha, sigma2, x, xOff, scratch, sOff, 1);
    }

    /**
     * As {@link #evaluate(double[], int[], int, double, double, double[], int, double[], int)}, with element k of the
     * point and of the scratch at off + k·stride (1 for one particle's contiguous slice; a batch's capacity for the
     * device's layout by particle, where neighbouring work items read neighbouring addresses).
     */
    public static void evaluate(double[] params, int[] meta, int cls, double alpha, double sigma2,
                                double[] x, int xOff, double[] scratch, int sOff, int stride) {
        int kCount = MixtureLayout.components(meta);
        int d = MixtureLayout.dimension(meta);
        int st = stride;
        int z = sOff;
        int g = sOff + d * st;
        int gAll = sOff + ScorePass.unconditional(d) * st;
        int gCls = sOff + ScorePass.conditional(d) * st;
        int gOth = sOff + ScorePass.otherClasses(d) * st;
        for (int i = 0; i < 3 * d; i++) {
            scratch[gAll + i * st] = 0.0;
        }
        double mAll = Double.NEGATIVE_INFINITY;
        double sAll = 0.0;
        double mCls = Double.NEGATIVE_INFINITY;
        double sCls = 0.0;
        double mOth = Double.NEGATIVE_INFINITY;
        double sOth = 0.0;
        double a2 = alpha * alpha;
        // a separate unconditional model: its components (class UNCONDITIONAL) alone make the "all" group
        int separate = 0;
        for (int k = 0; k < kCount; k++) {
            separate = MixtureLayout.classOf(meta, k) == MixtureLayout.UNCONDITIONAL ? 1 : separate;
        }
        for (int k = 0; k < kCount; k++) {
            int kind = MixtureLayout.kind(meta, k);
            int label = MixtureLayout.classOf(meta, k);
            int unconditional = label == MixtureLayout.UNCONDITIONAL ? 1 : 0;
            int inAll = separate == 1 ? unconditional : 1;
            // l_k goes through a scratch slot, not a local assigned in both arms: see the note on the update below
            int lSlot = sOff + (5 * d + 5) * st;
            if (kind == MixtureLayout.BOX) {
                int lo = MixtureLayout.lower(kCount, d, k);
                int hi = MixtureLayout.upper(kCount, d, k);
                double s2 = sigma2 > BOX_SIGMA2_FLOOR ? sigma2 : BOX_SIGMA2_FLOOR;
                double sd = Math.sqrt(s2);
                int tmp = sOff + (5 * d + 3) * st;
                double acc = params[MixtureLayout.logWeight(k)];
                for (int j = 0; j < d; j++) {
                    double width = alpha * (params[hi + j] - params[lo + j]);
                    NormalIntervals.evaluate((x[xOff + j * st] - alpha * params[lo + j]) / sd,
                            (x[xOff + j * st] - alpha * params[hi + j]) / sd, width / sd, scratch, tmp, st);
                    acc += scratch[tmp] - Math.log(width);
                    scratch[g + j * st] = -scratch[tmp + st] / sd;
                }
                scratch[lSlot] = acc;
            } else {
                int mu = MixtureLayout.mean(kCount, d, k);
                int lam = MixtureLayout.eigenvalues(kCount, d, k);
                boolean diagonal = kind == MixtureLayout.DIAGONAL;
                int u = MixtureLayout.basis(kCount, d, k);
                // z = U^T (x - alpha mu), in the eigenbasis
                if (diagonal) {
                    for (int i = 0; i < d; i++) {
                        scratch[z + i * st] = x[xOff + i * st] - alpha * params[mu + i];
                    }
                } else {
                    for (int j = 0; j < d; j++) {
                        scratch[g + j * st] = 0.0;
                    }
                    for (int i = 0; i < d; i++) {
                        double ri = x[xOff + i * st] - alpha * params[mu + i];
                        int row = u + i * d;
                        for (int j = 0; j < d; j++) {
                            scratch[g + j * st] += params[row + j] * ri;
                        }
                    }
                    for (int j = 0; j < d; j++) {
                        scratch[z + j * st] = scratch[g + j * st];
                    }
                }
                double quad = 0.0;
                double logDet = 0.0;
                for (int j = 0; j < d; j++) {
                    double var = a2 * params[lam + j] + sigma2;
                    double zj = scratch[z + j * st];
                    quad += zj * zj / var;
                    logDet += Math.log(var);
                    scratch[z + j * st] = -zj / var;
                }
                scratch[lSlot] = params[MixtureLayout.logWeight(k)] - 0.5 * (quad + logDet + d * LOG_2PI);
                // g = U (-z / var), back in the original basis
                if (diagonal) {
                    for (int i = 0; i < d; i++) {
                        scratch[g + i * st] = scratch[z + i * st];
                    }
                } else {
                    for (int i = 0; i < d; i++) {
                        int row = u + i * d;
                        double acc = 0.0;
                        for (int j = 0; j < d; j++) {
                            acc += params[row + j] * scratch[z + j * st];
                        }
                        scratch[g + i * st] = acc;
                    }
                }
            }
            double l = scratch[lSlot];
            // Online log-sum-exp, branch-free around the loops (TornadoVM 5.2's OpenCL code generator mis-merges
            // values assigned in both arms of an if/else that contains loops): when l exceeds the running maximum m,
            // the old sums are rescaled by e^{m − l} and the new term enters with weight 1; otherwise the new term
            // enters with weight e^{l − m}. One exp per group and component, as in the two-branch form, bit for bit.
            // A component outside a group (inAll or inGroup 0) leaves it as it is: exp(−∞) = 0 as its weight.
            int up = (l > mAll ? 1 : 0) * inAll;
            double e = Math.exp(inAll == 0 ? Double.NEGATIVE_INFINITY : (up == 1 ? mAll - l : l - mAll));
            double eOld = up == 1 ? e : 1.0;
            double eNew = up == 1 ? 1.0 : e;
            sAll = sAll * eOld + eNew;
            for (int i = 0; i < d; i++) {
                scratch[gAll + i * st] = scratch[gAll + i * st] * eOld + eNew * scratch[g + i * st];
            }
            mAll = up == 1 ? l : mAll;
            boolean own = label == cls;
            int inGroup = 1 - unconditional;
            int grp = own ? gCls : gOth;
            double m = own ? mCls : mOth;
            double sg = own ? sCls : sOth;
            int upG = (l > m ? 1 : 0) * inGroup;
            double f = Math.exp(inGroup == 0 ? Double.NEGATIVE_INFINITY : (upG == 1 ? m - l : l - m));
            double fOld = upG == 1 ? f : 1.0;
            double fNew = upG == 1 ? 1.0 : f;
            double mg = upG == 1 ? l : m;
            for (int i = 0; i < d; i++) {
                scratch[grp + i * st] = scratch[grp + i * st] * fOld + fNew * scratch[g + i * st];
            }
            sg = sg * fOld + fNew;
            mCls = own ? mg : mCls;
            sCls = own ? sg : sCls;
            mOth = own ? mOth : mg;
            sOth = own ? sOth : sg;
        }
        for (int i = 0; i < d; i++) {
            scratch[gAll + i * st] /= sAll;
            scratch[gCls + i * st] /= sCls;
            scratch[gOth + i * st] = sOth > 0.0 ? scratch[gOth + i * st] / sOth : 0.0;
        }
        scratch[sOff + ScorePass.logAll(d) * st] = mAll + Math.log(sAll);
        scratch[sOff + ScorePass.logClass(d) * st] = mCls + Math.log(sCls);
        scratch[sOff + ScorePass.logOther(d) * st] = sOth > 0.0 ? mOth + Math.log(sOth) : Double.NEGATIVE_INFINITY;
    }
}
