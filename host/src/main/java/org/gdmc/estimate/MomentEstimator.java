package org.gdmc.estimate;

import java.util.ArrayList;
import java.util.List;

/**
 * Mean vector and covariance matrix of the final states, with standard errors.
 *
 * <p>For every coordinate pair i ≤ j the accumulator keeps the central co-moments M_kl = Σ (x_i − x̄_i)^k (x_j − x̄_j)^l
 * for k, l ≤ 2, per block of particles, merged exactly across blocks ({@link Comoments}).
 * Reported: mean_i ± √(M₂₀/(n(n−1))) and cov_ij = M₁₁/(n−1) ± √((M₂₂/n − (M₁₁/n)²)/n), the delta-method error, valid for
 * any law with finite fourth moments. A mean's {@link Reliability} gives the relative error of its standard error,
 * √((M₄/n − (M₂/n)²)/n) / (2 M₂/n) with M₄ = Σ (x_i − x̄_i)⁴; the tail index and the median of means are not
 * measured for the state moments (a projection's mean has them).
 */
public final class MomentEstimator implements Estimator {
    private final int d;

    public MomentEstimator(int dimension) {
        this.d = dimension;
    }

    @Override
    public String name() {
        return "moments";
    }

    @Override
    public Reader declare(ReductionPlan.Builder plan) {
        plan.comoments();
        return sums -> estimates(sums.comoments());
    }

    private List<Estimate> estimates(Comoments c) {
        List<Estimate> out = new ArrayList<>();
        long n = c.count();
        double nn = n;
        for (int i = 0; i < d; i++) {
            double se = n < 2 ? Double.NaN : Math.sqrt(c.moment(i, i, 2, 0) / (nn * (nn - 1)));
            out.add(new Estimate("mean[" + i + "]", c.mean(i), se, n)
                    .withReliability(Reliability.ofMoments(n, c.moment(i, i, 2, 0), c.moment(i, i, 2, 2))));
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double m11 = c.moment(i, j, 1, 1);
                double m22 = c.moment(i, j, 2, 2);
                double cov = n < 2 ? Double.NaN : m11 / (nn - 1);
                double var4 = m22 / nn - (m11 / nn) * (m11 / nn);
                double se = n < 2 ? Double.NaN : Math.sqrt(Math.max(var4, 0.0) / nn);
                out.add(new Estimate("cov[" + i + "," + j + "]", cov, se, n));
            }
        }
        return out;
    }
}
