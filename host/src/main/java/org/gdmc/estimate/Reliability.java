package org.gdmc.estimate;

import java.util.Arrays;
import java.util.Locale;

/**
 * Whether the CLT standard error of a mean can be trusted, and a robust companion to the mean.
 *
 * <ul>
 *   <li>{@code tailIndex}: ξ̂ of the summand ({@link TailIndex}); NaN when not measured (a bounded summand, too few
 *       values, a tail the histogram does not resolve), with {@code tailNote} saying which.</li>
 *   <li>{@code stdErrorRelativeError}: the relative standard error of the standard error, from fourth moments: with
 *       s_b² the variances of the B reduction blocks, Var(s²) ≈ Var(s_b²)/B, so sd(ŝ)/ŝ ≈ sd(s_b²)/(2 s² √B)
 *       (the block variance's variance estimates (μ₄ − σ⁴ (n_b − 3)/(n_b − 1))/n_b); NaN below {@value #MIN_BLOCKS}
 *       blocks.</li>
 *   <li>{@code medianOfMeans}, {@code robustLow}, {@code robustHigh}: the median of the means of
 *       {@value ReducedSums#GROUPS} groups of blocks (block b in group b mod {@value ReducedSums#GROUPS}) and the
 *       order-statistic interval [m₍ⱼ₎, m₍G+1−ⱼ₎] with j the largest index whose binomial coverage
 *       1 − 2 P(Bin(G, ½) &lt; j) is at least 95% ({@code robustLevel}: [m₍₁₀₎, m₍₂₃₎] at 0.980 for G = 32). It covers the median of
 *       the group-mean law at that level for any law; that median is the mean when the group means are symmetric, as
 *       they become for a summand of finite variance, and below it for a right-skewed summand, so under a heavy tail
 *       it is a robust location, not an interval for the mean. NaN below G blocks.</li>
 * </ul>
 * The standard error is flagged unreliable when ξ̂ ≥ {@value TailIndex#UNRELIABLE} (the summand's variance is
 * infinite, or too large for any feasible sample to show), when the tail ran past the histogram, or when the standard
 * error is itself uncertain by more than {@value #SE_TOLERANCE} (relative).
 */
public record Reliability(double tailIndex, String tailNote, double stdErrorRelativeError, double medianOfMeans,
                          double robustLow, double robustHigh, double robustLevel, boolean reliable, String reason) {
    /** Largest relative standard error of a standard error that is still trusted. */
    public static final double SE_TOLERANCE = 0.25;
    /** Fewest blocks of at least two particles for the standard error's own error. */
    static final int MIN_BLOCKS = 8;
    /** Nominal level of the median-of-means interval. */
    static final double LEVEL = 0.95;

    /** The tail note of a summand confined to a bounded interval: every moment is finite. */
    public static final String BOUNDED = "bounded summand: every moment is finite";

    /**
     * The reliability of the mean of the term at block slot {@code slot} of the sums, with its tail index (null for
     * a bounded summand).
     */
    static Reliability of(ReducedSums sums, int slot, TailIndex tail) {
        ScalarMoments all = sums.moments(slot);
        ScalarMoments[] groups = new ScalarMoments[ReducedSums.GROUPS];
        for (int g = 0; g < groups.length; g++) {
            groups[g] = sums.groupMoments(slot, g);
        }
        return of(all.variance(), sums.blockVariances(slot), groups, tail);
    }

    /**
     * The reliability from the summand's sample variance, the moments of its block variances, the moments of each
     * group of blocks and its tail index (null for a bounded summand).
     */
    public static Reliability of(double variance, ScalarMoments blockVariances, ScalarMoments[] groups,
                                 TailIndex tail) {
        double xi = tail == null ? Double.NaN : tail.xi();
        String tailNote = tail == null ? BOUNDED : tail.note();
        double rel = Double.NaN;
        if (blockVariances.count() >= MIN_BLOCKS && variance > 0) {
            rel = Math.sqrt(blockVariances.variance() / blockVariances.count()) / (2.0 * variance);
        }
        double[] means = new double[groups.length];
        boolean full = true;
        for (int g = 0; g < groups.length; g++) {
            full &= groups[g].count() > 0;
            means[g] = groups[g].mean();
        }
        double mom = Double.NaN;
        double low = Double.NaN;
        double high = Double.NaN;
        int j = orderIndex(groups.length);
        double level = coverage(groups.length, j);
        if (full) {
            Arrays.sort(means);
            int g = means.length;
            mom = g % 2 == 1 ? means[g / 2] : 0.5 * (means[g / 2 - 1] + means[g / 2]);
            low = means[j - 1];
            high = means[g - j];
        }
        String reason = "";
        if (tail != null && tail.heavy()) {
            reason = Double.isNaN(xi) ? tail.note() : String.format(Locale.ROOT,
                    "tail index %.2f >= %.1f: the summand's variance is infinite or too large for this sample to"
                            + " show, so the standard error means nothing", xi, TailIndex.UNRELIABLE);
        } else if (rel > SE_TOLERANCE) {
            reason = String.format(Locale.ROOT, "the standard error is itself uncertain by %.0f%% (from the spread of"
                    + " the block variances)", 100 * rel);
        }
        return new Reliability(xi, tailNote, rel, mom, low, high, level, reason.isEmpty(), reason);
    }

    /**
     * The reliability of a mean of n values with central sums M₂ = Σ (x − x̄)² and M₄ = Σ (x − x̄)⁴: the relative
     * error of its standard error from the fourth moment, √((M₄/n − (M₂/n)²)/n) / (2 M₂/n); no tail index and no
     * median of means.
     */
    static Reliability ofMoments(long n, double m2, double m4) {
        double v = m2 / n;
        double rel = n >= 2 && v > 0 ? Math.sqrt(Math.max(m4 / n - v * v, 0.0) / n) / (2.0 * v) : Double.NaN;
        String reason = rel > SE_TOLERANCE ? String.format(Locale.ROOT,
                "the standard error is itself uncertain by %.0f%% (from the fourth moment)", 100 * rel) : "";
        return new Reliability(Double.NaN, "not measured for the state moments", rel, Double.NaN, Double.NaN,
                Double.NaN, coverage(ReducedSums.GROUPS, orderIndex(ReducedSums.GROUPS)), reason.isEmpty(), reason);
    }

    /** The largest j with 1 − 2 P(Bin(g, ½) &lt; j) ≥ {@value #LEVEL} (at least 1). */
    static int orderIndex(int g) {
        int j = 1;
        while (j + 1 <= g / 2 && coverage(g, j + 1) >= LEVEL) {
            j++;
        }
        return j;
    }

    /** 1 − 2 P(Bin(g, ½) &lt; j): the probability that [m₍ⱼ₎, m₍g+1−ⱼ₎] holds the median of a continuous law. */
    static double coverage(int g, int j) {
        double below = 0.0;
        double c = 1.0;
        for (int k = 0; k < j; k++) {
            below += c;
            c = c * (g - k) / (k + 1);
        }
        return 1.0 - 2.0 * below / Math.pow(2.0, g);
    }
}
