package org.gdmc.highdim;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Direct evaluation of a large mixture's noised scores, independent of the blocked form: z_k = y − α μ_k taken
 * as a difference (not expanded), C_k⁻¹ z_k by conjugate gradients on the operator v z + α² Σ_r λ_r q_r (q_r·z)
 * (no Woodbury), log det C_k as d log v + log det(I + (α²/v) Λ^½ QᵀQ Λ^½) with QᵀQ computed (no orthonormality
 * assumed), and the responsibilities from a plain two-pass log-sum-exp over all components.
 */
final class Direct {
    private Direct() {
    }

    /** {s_c, s_u, {logit}} at row y[yOff ..). */
    static double[][] scores(LargeMixture m, int cls, double alpha, double sigma2, double[] y, int yOff) {
        int d = m.dimension();
        int kCount = m.components();
        double[] l = new double[kCount];
        double[][] g = new double[kCount][];
        for (int k = 0; k < kCount; k++) {
            double[] z = new double[d];
            for (int j = 0; j < d; j++) {
                z[j] = y[yOff + j] - alpha * m.means()[k * d + j];
            }
            double[] x = solve(m, k, alpha, sigma2, z);
            double quad = 0.0;
            for (int j = 0; j < d; j++) {
                quad += z[j] * x[j];
                x[j] = -x[j];
            }
            g[k] = x;
            l[k] = m.logWeight(k) - 0.5 * (d * Math.log(2 * Math.PI) + logDet(m, k, alpha, sigma2)) - 0.5 * quad;
        }
        double[] sc = new double[d];
        double[] su = new double[d];
        double top = Double.NEGATIVE_INFINITY;
        for (double v : l) {
            top = Math.max(top, v);
        }
        double all = 0.0;
        double own = 0.0;
        double other = 0.0;
        for (int k = 0; k < kCount; k++) {
            double e = Math.exp(l[k] - top);
            all += e;
            if (m.classOf(k) == cls) {
                own += e;
            } else {
                other += e;
            }
        }
        for (int k = 0; k < kCount; k++) {
            double e = Math.exp(l[k] - top);
            for (int j = 0; j < d; j++) {
                su[j] += e / all * g[k][j];
                if (m.classOf(k) == cls) {
                    sc[j] += e / own * g[k][j];
                }
            }
        }
        return new double[][] {sc, su, {groupLse(m, l, cls, true) - groupLse(m, l, cls, false)}};
    }

    /** log Σ e^{l_k} over the class's components (own) or the others', each with its own maximum. */
    static double groupLse(LargeMixture m, double[] l, int cls, boolean own) {
        double top = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < l.length; k++) {
            if ((m.classOf(k) == cls) == own) {
                top = Math.max(top, l[k]);
            }
        }
        double s = 0.0;
        for (int k = 0; k < l.length; k++) {
            if ((m.classOf(k) == cls) == own) {
                s += Math.exp(l[k] - top);
            }
        }
        return top + Math.log(s);
    }

    /** C_k x = z by conjugate gradients (converges in at most rank + 1 steps in exact arithmetic). */
    static double[] solve(LargeMixture m, int k, double alpha, double sigma2, double[] z) {
        int d = z.length;
        double[] x = new double[d];
        double[] res = z.clone();
        double[] dir = z.clone();
        double rr = dot(res, res);
        for (int it = 0; it < 200 && rr > 1e-30 * dot(z, z); it++) {
            double[] ap = apply(m, k, alpha, sigma2, dir);
            double step = rr / dot(dir, ap);
            for (int j = 0; j < d; j++) {
                x[j] += step * dir[j];
                res[j] -= step * ap[j];
            }
            double next = dot(res, res);
            for (int j = 0; j < d; j++) {
                dir[j] = res[j] + next / rr * dir[j];
            }
            rr = next;
        }
        return x;
    }

    static double[] apply(LargeMixture m, int k, double alpha, double sigma2, double[] z) {
        int d = z.length;
        double a2 = alpha * alpha;
        double[] out = new double[d];
        for (int j = 0; j < d; j++) {
            double var = m.form() == CovarianceForm.SHARED_DIAGONAL ? m.diagonal(j) : m.scale2(k);
            out[j] = (a2 * var + sigma2) * z[j];
        }
        int r = m.rank();
        for (int q = 0; q < r; q++) {
            int row = (k * r + q) * d;
            double p = 0.0;
            for (int j = 0; j < d; j++) {
                p += m.factors()[row + j] * z[j];
            }
            for (int j = 0; j < d; j++) {
                out[j] += a2 * m.factorVariance(k, q) * p * m.factors()[row + j];
            }
        }
        return out;
    }

    static double logDet(LargeMixture m, int k, double alpha, double sigma2) {
        int d = m.dimension();
        double a2 = alpha * alpha;
        if (m.form() == CovarianceForm.SHARED_DIAGONAL) {
            double s = 0.0;
            for (int j = 0; j < d; j++) {
                s += Math.log(a2 * m.diagonal(j) + sigma2);
            }
            return s;
        }
        double v = a2 * m.scale2(k) + sigma2;
        int r = m.rank();
        if (r == 0) {
            return d * Math.log(v);
        }
        DMatrixRMaj cap = new DMatrixRMaj(r, r);
        for (int a = 0; a < r; a++) {
            for (int b = 0; b < r; b++) {
                double g = 0.0;
                for (int j = 0; j < d; j++) {
                    g += m.factors()[(k * r + a) * d + j] * m.factors()[(k * r + b) * d + j];
                }
                double s = a2 / v * Math.sqrt(m.factorVariance(k, a) * m.factorVariance(k, b)) * g;
                cap.set(a, b, (a == b ? 1.0 : 0.0) + s);
            }
        }
        return d * Math.log(v) + Math.log(CommonOps_DDRM.det(cap));
    }

    static double dot(double[] a, double[] b) {
        double s = 0.0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }
}
