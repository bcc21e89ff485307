package org.gdmc.estimate;

/**
 * Count, mean and sum of squared deviations M₂ = Σ (x − x̄)² of a stream, merged by Chan et al.'s update
 * M₂ = M₂ᴬ + M₂ᴮ + δ² nᴬnᴮ/n with δ = x̄ᴮ − x̄ᴬ. The standard error of the mean is √(M₂ / (n(n − 1))).
 */
public final class ScalarMoments {
    private long n;
    private double mean;
    private double m2;

    /** Welford's update. */
    public void add(double x) {
        n++;
        double delta = x - mean;
        mean += delta / n;
        m2 += delta * (x - mean);
    }

    public void merge(ScalarMoments next) {
        if (next.n == 0) {
            return;
        }
        if (n == 0) {
            n = next.n;
            mean = next.mean;
            m2 = next.m2;
            return;
        }
        long total = n + next.n;
        double delta = next.mean - mean;
        mean += delta * next.n / total;
        m2 += next.m2 + delta * delta * ((double) n * next.n / total);
        n = total;
    }

    public long count() {
        return n;
    }

    public double mean() {
        return n == 0 ? Double.NaN : mean;
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
