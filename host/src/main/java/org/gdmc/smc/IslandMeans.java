package org.gdmc.smc;

/**
 * Estimates from independent SMC islands: the normaliser Z_w and self-normalised means E_q[φ], each with a standard
 * error from the spread between islands (the island is the unit of independence: resampling makes its particles
 * dependent).
 *
 * <p>Island j brings its normaliser estimate Ẑ_j and its weighted means m_jq = (1/M) Σ_k w̄_k φ_q(x_k) (weights of
 * mean 1). Then Ẑ = (1/J) Σ Ẑ_j is unbiased for Z_w, and E_q[φ_q] is estimated by the ratio
 * μ_q = Σ Ẑ_j m_jq / Σ Ẑ_j, which weights each island by its own evidence, so the estimate is consistent as the
 * islands grow in number for any island size (equal island weights would leave a bias of order 1/M). Standard
 * errors: s.e.(Ẑ)/Ẑ from the sample variance of Ẑ_j, and for μ_q the delta method of a ratio,
 * var μ = Σ_j Ẑ_j² (m_jq − μ_q)² / (Σ Ẑ_j)² · J/(J − 1). log Ẑ's standard error is s.e.(Ẑ)/Ẑ (the delta method
 * again; it needs many islands and a light-tailed Ẑ_j, which {@link #largestShare} lets a reader judge).
 *
 * <p>Sums are kept relative to a running scale e^L (the largest log Ẑ_j so far), so no island's Ẑ_j overflows
 * or underflows whatever the dimension.
 */
public final class IslandMeans {
    private final int terms;
    private long islands;
    private double scale = Double.NEGATIVE_INFINITY;
    private double sumB;
    private double sumB2;
    private double maxB;
    private final double[] sumA;
    private final double[] sumA2;
    private final double[] sumAB;

    public IslandMeans(int terms) {
        this.terms = terms;
        this.sumA = new double[terms];
        this.sumA2 = new double[terms];
        this.sumAB = new double[terms];
    }

    /** Adds island j: its log Ẑ_j and its weighted means (terms of them). */
    public void add(double logNormaliser, double[] means) {
        islands++;
        if (logNormaliser == Double.NEGATIVE_INFINITY) {
            return;
        }
        if (logNormaliser > scale) {
            rescale(logNormaliser);
        }
        double b = Math.exp(logNormaliser - scale);
        sumB += b;
        sumB2 += b * b;
        maxB = Math.max(maxB, b);
        for (int q = 0; q < terms; q++) {
            double a = b * means[q];
            sumA[q] += a;
            sumA2[q] += a * a;
            sumAB[q] += a * b;
        }
    }

    private void rescale(double to) {
        double f = scale == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(scale - to);
        sumB *= f;
        sumB2 *= f * f;
        maxB *= f;
        for (int q = 0; q < terms; q++) {
            sumA[q] *= f;
            sumA2[q] *= f * f;
            sumAB[q] *= f * f;
        }
        scale = to;
    }

    public long islands() {
        return islands;
    }

    /** log Ẑ, Ẑ = (1/J) Σ Ẑ_j. */
    public double logNormaliser() {
        return scale + Math.log(sumB / islands);
    }

    /** s.e.(log Ẑ) ≈ s.e.(Ẑ)/Ẑ. */
    public double logNormaliserStdError() {
        double j = islands;
        double mean = sumB / j;
        double var = Math.max(0.0, sumB2 / j - mean * mean) * j / (j - 1);
        return Math.sqrt(var / j) / mean;
    }

    /** The largest island's share of Σ Ẑ_j: near 1 means one island decides every estimate. */
    public double largestShare() {
        return maxB / sumB;
    }

    /** μ_q. */
    public double mean(int q) {
        return sumA[q] / sumB;
    }

    /** The delta-method standard error of μ_q. */
    public double stdError(int q) {
        double mu = mean(q);
        double j = islands;
        double ss = Math.max(0.0, sumA2[q] - 2.0 * mu * sumAB[q] + mu * mu * sumB2);
        return Math.sqrt(ss * j / (j - 1)) / sumB;
    }
}
