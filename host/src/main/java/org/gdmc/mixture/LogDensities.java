package org.gdmc.mixture;

/**
 * The two log-sums of {@link MixtureScore#evaluate} that the reference laws integrate, log p_t(x) = LSE_all and
 * log p_t(x, c) = LSE_c, at one fixed forward time (α, σ²), without the scores: bit for bit the values that
 * evaluate writes at {@link org.gdmc.kernel.ScorePass#logAll} and {@link org.gdmc.kernel.ScorePass#logClass}
 * (LogDensitiesTest). What does not depend on x is formed once: per Gaussian component α μ_k, the variances
 * α² λ_kj + σ² and Σ_j log(α² λ_kj + σ²), each by the operations evaluate performs, in its order; per point the
 * quadratic forms, the box terms and the online log-sum-exp are evaluate's own, and the other classes' group, which
 * neither sum reads, is not accumulated; e^{−∞} (a group's first member) and ln 1 (a lone member's sum) are not
 * called for, their values being exact. A quadrature of 10⁶ nodes (the tilted law's on a 256² grid) then costs a fifth
 * of what the full pass costs.
 *
 * <p>An instance holds a small scratch array: one per thread.
 */
public final class LogDensities {
    private static final double LOG_2PI = Math.log(2.0 * Math.PI);

    private final double[] params;
    private final int[] meta;
    private final int kCount;
    private final int d;
    private final int cls;
    private final double alpha;
    private final double sigma2;
    private final boolean separate;
    /** Per component: α μ_k (d entries), the variances (d entries) and Σ_j log var_j; unused for boxes. */
    private final double[] alphaMean;
    private final double[] variance;
    private final double[] logDet;
    private final double[] z;
    private final double[] box = new double[2];
    private double logAll;
    private double logClass;

    /**
     * For the mixture's packed arrays ({@link Mixture#packedParams}, {@link Mixture#packedMeta}), class c, at
     * (α, σ²).
     */
    public LogDensities(double[] params, int[] meta, int cls, double alpha, double sigma2) {
        this.params = params;
        this.meta = meta;
        this.kCount = MixtureLayout.components(meta);
        this.d = MixtureLayout.dimension(meta);
        this.cls = cls;
        this.alpha = alpha;
        this.sigma2 = sigma2;
        boolean any = false;
        for (int k = 0; k < kCount; k++) {
            any |= MixtureLayout.classOf(meta, k) == MixtureLayout.UNCONDITIONAL;
        }
        this.separate = any;
        this.alphaMean = new double[kCount * d];
        this.variance = new double[kCount * d];
        this.logDet = new double[kCount];
        this.z = new double[d];
        double a2 = alpha * alpha;
        for (int k = 0; k < kCount; k++) {
            if (MixtureLayout.kind(meta, k) == MixtureLayout.BOX) {
                continue;
            }
            int mu = MixtureLayout.mean(kCount, d, k);
            int lam = MixtureLayout.eigenvalues(kCount, d, k);
            double sum = 0.0;
            for (int j = 0; j < d; j++) {
                alphaMean[k * d + j] = alpha * params[mu + j];
                double var = a2 * params[lam + j] + sigma2;
                variance[k * d + j] = var;
                sum += Math.log(var);
            }
            logDet[k] = sum;
        }
    }

    /** Evaluates both log-sums at x[xOff .. xOff + d); read them with {@link #logAll} and {@link #logClass}. */
    public void evaluate(double[] x, int xOff) {
        double mAll = Double.NEGATIVE_INFINITY;
        double sAll = 0.0;
        double mCls = Double.NEGATIVE_INFINITY;
        double sCls = 0.0;
        for (int k = 0; k < kCount; k++) {
            int label = MixtureLayout.classOf(meta, k);
            int unconditional = label == MixtureLayout.UNCONDITIONAL ? 1 : 0;
            int inAll = separate ? unconditional : 1;
            double l = componentLog(k, x, xOff);
            int up = (l > mAll ? 1 : 0) * inAll;
            double e = exp(inAll == 0 ? Double.NEGATIVE_INFINITY : (up == 1 ? mAll - l : l - mAll));
            sAll = sAll * (up == 1 ? e : 1.0) + (up == 1 ? 1.0 : e);
            mAll = up == 1 ? l : mAll;
            if (label == cls && unconditional == 0) {
                int upG = l > mCls ? 1 : 0;
                double f = exp(upG == 1 ? mCls - l : l - mCls);
                sCls = sCls * (upG == 1 ? f : 1.0) + (upG == 1 ? 1.0 : f);
                mCls = upG == 1 ? l : mCls;
            }
        }
        logAll = mAll + log(sAll);
        logClass = mCls + log(sCls);
    }

    /**
     * e^x, with e^{−∞} = 0 and e^{NaN} = NaN, as {@link Math#exp} gives them, without the call: the first member of a
     * group always enters with e^{−∞} (nothing yet to rescale).
     */
    private static double exp(double x) {
        return x == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(x);
    }

    /** ln s, with ln 1 = 0 exactly, as {@link Math#log} gives it, without the call: a lone member's sum is 1. */
    private static double log(double s) {
        return s == 1.0 ? 0.0 : Math.log(s);
    }

    /** log p_t(x) at the last point evaluated. */
    public double logAll() {
        return logAll;
    }

    /** log p_t(x, c) = log Σ_{k of class c} w_k p_{t,k}(x) at the last point evaluated. */
    public double logClass() {
        return logClass;
    }

    /** l_k(x) = log w_k + log p_{t,k}(x), as {@link MixtureScore#evaluate} forms it. */
    private double componentLog(int k, double[] x, int xOff) {
        int kind = MixtureLayout.kind(meta, k);
        if (kind == MixtureLayout.BOX) {
            int lo = MixtureLayout.lower(kCount, d, k);
            int hi = MixtureLayout.upper(kCount, d, k);
            double s2 = sigma2 > MixtureScore.BOX_SIGMA2_FLOOR ? sigma2 : MixtureScore.BOX_SIGMA2_FLOOR;
            double sd = Math.sqrt(s2);
            double acc = params[MixtureLayout.logWeight(k)];
            for (int j = 0; j < d; j++) {
                double width = alpha * (params[hi + j] - params[lo + j]);
                NormalIntervals.evaluate((x[xOff + j] - alpha * params[lo + j]) / sd,
                        (x[xOff + j] - alpha * params[hi + j]) / sd, width / sd, box, 0);
                acc += box[0] - Math.log(width);
            }
            return acc;
        }
        if (kind == MixtureLayout.DIAGONAL) {
            for (int i = 0; i < d; i++) {
                z[i] = x[xOff + i] - alphaMean[k * d + i];
            }
        } else {
            // z = Uᵀ (x − α μ), accumulated row by row as evaluate does
            int u = MixtureLayout.basis(kCount, d, k);
            for (int j = 0; j < d; j++) {
                z[j] = 0.0;
            }
            for (int i = 0; i < d; i++) {
                double ri = x[xOff + i] - alphaMean[k * d + i];
                int row = u + i * d;
                for (int j = 0; j < d; j++) {
                    z[j] += params[row + j] * ri;
                }
            }
        }
        double quad = 0.0;
        for (int j = 0; j < d; j++) {
            quad += z[j] * z[j] / variance[k * d + j];
        }
        return params[MixtureLayout.logWeight(k)] - 0.5 * (quad + logDet[k] + d * LOG_2PI);
    }
}
