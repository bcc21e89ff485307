package org.gdmc.estimate;

/**
 * A fixed-grid histogram of a scalar on [lo, lo + bins·width) with two overflow bins, and its quantiles. The q-quantile
 * is interpolated linearly within its bin (±∞ when it falls in an overflow bin); its standard error is half the spread
 * of the quantiles at q ± √(q(1−q)/n), the order-statistic (binomial) band propagated through the empirical quantile
 * function.
 */
final class BinnedDistribution {
    private final double lo;
    private final double width;
    private final int bins;
    /** [0] below range, [1..bins] in range, [bins + 1] above. */
    private final long[] counts;
    private final long n;

    /** The histogram at {@code offset} of the sums ({@link ReductionPlan.Builder#histogram}). */
    BinnedDistribution(ReducedSums sums, int offset, double lo, double width, int bins) {
        this.lo = lo;
        this.width = width;
        this.bins = bins;
        this.counts = new long[bins + 2];
        long total = 0;
        for (int b = 0; b < counts.length; b++) {
            counts[b] = sums.count(offset, b);
            total += counts[b];
        }
        this.n = total;
    }

    long count() {
        return n;
    }

    /** Count in bin b (0 = below, 1..bins in range, bins + 1 = above). */
    long binCount(int b) {
        return counts[b];
    }

    /** The value at cumulative fraction q. */
    double quantile(double q) {
        double target = Math.min(Math.max(q, 0.0), 1.0) * n;
        long cum = 0;
        for (int b = 0; b < counts.length; b++) {
            long c = counts[b];
            if (c > 0 && cum + c >= target) {
                if (b == 0) {
                    return Double.NEGATIVE_INFINITY;
                }
                if (b == bins + 1) {
                    return Double.POSITIVE_INFINITY;
                }
                return lo + (b - 1) * width + width * Math.max(0.0, target - cum) / c;
            }
            cum += c;
        }
        return Double.NaN;
    }

    /** The half-width √(q(1−q)/n) of the order-statistic band at level q. */
    double band(double q) {
        return Math.sqrt(q * (1 - q) / n);
    }

    /** The standard error of the q-quantile: half the spread of the quantiles at q ± {@link #band}. */
    double quantileError(double q) {
        double band = band(q);
        return 0.5 * (quantile(q + band) - quantile(q - band));
    }
}
