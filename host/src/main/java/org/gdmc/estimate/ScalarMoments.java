package org.gdmc.estimate;

/**
 * Count, mean and sum of squared deviations M₂ = Σ (x − x̄)² of a stream, merged by Chan et al.'s update
 * M₂ = M₂ᴬ + M₂ᴮ + δ² nᴬnᴮ/n with δ = x̄ᴮ − x̄ᴬ. The standard error of the mean is √(M₂ / (n(n − 1))).
 */
public final class ScalarMoments {
    private long n;
    private double mean;
    private double m2;

    /** Empties the moments. */
    void reset() {
        n = 0;
        mean = 0.0;
        m2 = 0.0;
    }

    /** Welford's update. */
    public void add(double x) {
        n++;
        double delta = x - mean;
        mean += delta / n;
        m2 += delta * (x - mean);
    }

    public void merge(ScalarMoments next) {
        merge(next.n, next.mean, next.m2);
    }

    /** Merges the (count, mean, M₂) of the values that follow these. */
    public void merge(long count, double nextMean, double nextM2) {
        if (count == 0) {
            return;
        }
        if (n == 0) {
            n = count;
            mean = nextMean;
            m2 = nextM2;
            return;
        }
        long total = n + count;
        double delta = nextMean - mean;
        mean += delta * count / total;
        m2 += nextM2 + delta * delta * ((double) n * count / total);
        n = total;
    }

    public long count() {
        return n;
    }

    public double mean() {
        return n == 0 ? Double.NaN : mean;
    }

    /** M₂ = Σ (x − x̄)², 0 when empty. */
    double sumOfSquares() {
        return m2;
    }

    /** Unbiased sample variance. */
    public double variance() {
        return n < 2 ? Double.NaN : m2 / (n - 1);
    }

    public double standardError() {
        return n < 2 ? Double.NaN : Math.sqrt(m2 / ((double) n * (n - 1)));
    }

    public Estimate estimate(String name) {
        return new Estimate(name, mean(), standardError(), n);
    }
}
