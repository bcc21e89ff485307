package org.gdmc.highdim;

/**
 * The parts of a {@link LargeMixture}'s noised component log-densities that do not depend on the point, at one
 * forward time (α, σ²), as {@link BlockScore} describes them: per component k the variance v_k = α² s_k² + σ² (1 for
 * the shared diagonal, whose variances are per coordinate), the constant
 * κ_k = log w_k − ½ (d log 2π + log det C_k) − ½ α² ‖μ_k‖²_{C} (‖μ_k‖²/v_k, or Σ_j μ_kj²/v_j for the shared diagonal),
 * the low-rank shrinkages c_kr = α² λ_kr/(v_k + α² λ_kr), and the shared diagonal's v_j = α² D_j + σ². Every path that
 * evaluates the blocked score (the CPU's, the device's) reads these, computed here once.
 *
 * @param konst κ_k
 * @param v     v_k
 * @param c     c_kr at k·r + r
 * @param vd    v_j (shared diagonal; null otherwise)
 */
public record NoisedComponents(double alpha, double sigma2, double[] konst, double[] v, double[] c, double[] vd) {
    /** The constants of the mixture at (α, σ²). */
    public static NoisedComponents of(LargeMixture m, double alpha, double sigma2) {
        int d = m.dimension();
        int r = m.rank();
        int kCount = m.components();
        double[] konst = new double[kCount];
        double[] v = new double[kCount];
        double[] c = new double[kCount * r];
        double[] vd = null;
        double a2 = alpha * alpha;
        double log2pi = Math.log(2.0 * Math.PI);
        if (m.form() == CovarianceForm.SHARED_DIAGONAL) {
            vd = new double[d];
            double logDet = 0.0;
            for (int j = 0; j < d; j++) {
                vd[j] = a2 * m.diagonal(j) + sigma2;
                logDet += Math.log(vd[j]);
            }
            double[] mu = m.means();
            for (int k = 0; k < kCount; k++) {
                double s = 0.0;
                for (int j = 0; j < d; j++) {
                    double x = mu[k * d + j];
                    s += x * x / vd[j];
                }
                konst[k] = m.logWeight(k) - 0.5 * (d * log2pi + logDet) - 0.5 * a2 * s;
                v[k] = 1.0;
            }
        } else {
            for (int k = 0; k < kCount; k++) {
                double vk = a2 * m.scale2(k) + sigma2;
                v[k] = vk;
                double logDet = d * Math.log(vk);
                for (int q = 0; q < r; q++) {
                    double g = a2 * m.factorVariance(k, q);
                    logDet += Math.log1p(g / vk);
                    c[k * r + q] = g / (vk + g);
                }
                konst[k] = m.logWeight(k) - 0.5 * (d * log2pi + logDet) - 0.5 * a2 * m.meanNorm2(k) / vk;
            }
        }
        return new NoisedComponents(alpha, sigma2, konst, v, c, vd);
    }
}
