package org.gdmc.smc;

/**
 * Quantiles of a scalar from a weighted cumulative distribution known at evenly spaced edges e_k = lo + k·h,
 * k = 0 … E − 1, with standard errors: F_k = P(s ≤ e_k) and its standard error σ_k (for SMC, the islands' ratio
 * estimates of the terms 1[s ≤ e_k], {@link IslandTerms}).
 *
 * <p>The q-quantile ξ_q solves F(ξ) = q with F linear between edges (exact for a scalar whose density is constant
 * within each bin, second order in h otherwise); below F_0 it is e_0 and above F_{E−1} it is e_{E−1} (the range
 * holds the law but for its far tails). Its standard error is that of F at ξ_q, σ(ξ_q) (interpolated between
 * edges), carried through the inverse: ½ (ξ_{q+σ} − ξ_{q−σ}), the order-statistic band of the plain quantiles
 * ({@code BinnedDistribution}) with the weighted cumulative's own error in place of √(q(1 − q)/n).
 */
public final class CumulativeQuantiles {
    private final double[] cdf;
    private final double[] se;
    private final double lo;
    private final double h;

    /** F_k and σ_k at e_k = lo + k·h; F must not decrease. */
    public CumulativeQuantiles(double[] cdf, double[] se, double lo, double h) {
        if (cdf.length != se.length || cdf.length < 2 || !(h > 0)) {
            throw new IllegalArgumentException(cdf.length + " values, " + se.length + " errors, width " + h);
        }
        this.cdf = cdf.clone();
        this.se = se.clone();
        this.lo = lo;
        this.h = h;
    }

    /** ξ with F(ξ) = p, F linear between edges; e_0 at or below F_0, e_{E−1} above F_{E−1}. */
    public double at(double p) {
        int last = cdf.length - 1;
        if (!(p > cdf[0])) {
            return lo;
        }
        if (p > cdf[last]) {
            return lo + last * h;
        }
        int a = 0;
        int b = last;
        while (b - a > 1) {
            int mid = (a + b) >>> 1;
            if (cdf[mid] < p) {
                a = mid;
            } else {
                b = mid;
            }
        }
        double rise = cdf[b] - cdf[a];
        double f = rise > 0 ? (p - cdf[a]) / rise : 1.0;
        return lo + (a + f) * h;
    }

    /** σ(ξ): the cumulative's standard error at ξ, linear between edges. */
    public double errorAt(double x) {
        double k = (x - lo) / h;
        if (k <= 0) {
            return se[0];
        }
        int last = cdf.length - 1;
        if (k >= last) {
            return se[last];
        }
        int a = (int) k;
        double f = k - a;
        return (1 - f) * se[a] + f * se[a + 1];
    }

    /** The q-quantile. */
    public double quantile(double q) {
        return at(q);
    }

    /** The q-quantile's standard error, ½ (ξ_{q+σ} − ξ_{q−σ}) with σ = σ(ξ_q). */
    public double quantileError(double q) {
        double[] band = band(q);
        return 0.5 * (band[1] - band[0]);
    }

    /**
     * The two quantiles ξ_{q−σ} and ξ_{q+σ} whose half-spread is {@link #quantileError}, for a reader who maps the
     * quantile through a monotone function and wants its error in those units.
     */
    public double[] band(double q) {
        double band = errorAt(at(q));
        return new double[] {at(q - band), at(q + band)};
    }
}
