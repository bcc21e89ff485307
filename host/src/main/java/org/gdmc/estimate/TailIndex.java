package org.gdmc.estimate;

import java.util.Arrays;

/**
 * The tail index ξ of a summand, estimated from its {@link ReductionKernel#TAIL} histogram of log|v| as the
 * Pareto-k̂ of Vehtari et al.'s Pareto-smoothed importance sampling: the generalized Pareto shape of the M = ⌊min(n/5,
 * 3√n)⌋ largest values above the next one, fitted by Zhang and Stephens' (2009) empirical-Bayes estimator (without
 * PSIS's weakly informative prior, which pulls small fits towards 0.5), for the upper tail (v &gt; 0) and the lower tail
 * (v &lt; 0), the larger reported. A summand whose tail has index ξ has finite moments of order below 1/ξ: at ξ ≥ ½
 * its variance is infinite (or, for a log-normal, so large that no feasible sample shows it) and the CLT standard
 * error of its mean means nothing.
 *
 * <p>The histogram has {@value #BINS} bins of width h = {@value #WIDTH} per sign on log|v| ∈ [{@value #LOW},
 * {@value #LOW} + B·h); a bin's c values are placed evenly in log inside it, which moves each value by at most h/2 in
 * log (3%) and the fit by far less than its own error. A tail that lies within fewer than {@value #MIN_BINS} bins,
 * or whose values crowd into one bin (more than {@value #CROWDED} of them), is narrower than the histogram resolves
 * (a summand concentrated far from 0, such as 1 + 0.02|Z|, whose even spacing inside a bin would otherwise read as a
 * heavy tail): it is reported as light, with no ξ. Heavy tails spread their largest values thinly (at most 15% in
 * one bin for a Pareto of index 1.5 or a log-normal with σ ≥ 2, from 2·10⁴ to 10⁶ values).
 */
public record TailIndex(double xi, String note) {
    /** Lower end of log|v|. */
    public static final double LOW = -32.0;
    /** Bin width in log|v|. */
    public static final double WIDTH = 1.0 / 16.0;
    /** Bins per sign: log|v| up to 48, |v| up to 7·10^20. */
    public static final int BINS = 1280;
    /** Counts of one tail histogram. */
    public static final int LENGTH = 2 * BINS + 3;
    /** Fewest distinct bins a fitted tail must span. */
    static final int MIN_BINS = 8;
    /** Largest share of a fitted tail's values that one bin may hold. */
    static final double CROWDED = 0.4;
    /** Fewest values above the threshold that a fit takes. */
    static final int MIN_TAIL = 20;
    /** The tail index at or above which a mean's standard error is not to be trusted. */
    public static final double UNRELIABLE = 0.5;

    /** Declares the tail histogram of term {@code kind} in the plan; returns its counts' offset. */
    static int declare(ReductionPlan.Builder plan, int kind, double threshold) {
        return plan.tail(kind, threshold, LOW, WIDTH, BINS);
    }

    /** Whether ξ says the standard error of the mean is meaningless, or the tail ran past the histogram. */
    public boolean heavy() {
        return xi >= UNRELIABLE || note.startsWith("values beyond");
    }

    /** The tail index from the counts of a tail histogram at {@code offset}. */
    static TailIndex of(ReducedSums sums, int offset) {
        long[] c = new long[LENGTH];
        for (int k = 0; k < LENGTH; k++) {
            c[k] = sums.count(offset, k);
        }
        return of(c);
    }

    /** The tail index from the {@value #LENGTH} counts of a tail histogram ({@link ReductionKernel#tailBin}). */
    public static TailIndex of(long[] counts) {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        int m = (int) Math.floor(Math.min(n / 5.0, 3.0 * Math.sqrt(n)));
        if (m < MIN_TAIL) {
            return new TailIndex(Double.NaN, "too few values for a tail fit (" + n + ")");
        }
        double worst = Double.NEGATIVE_INFINITY;
        boolean fitted = false;
        for (int sign = 0; sign < 2; sign++) {
            int first = 1 + sign * (BINS + 1);
            if (counts[first + BINS] > 0) {
                return new TailIndex(Double.NaN, "values beyond |v| = e^" + (int) (LOW + BINS * WIDTH)
                        + " in the tail: its index is not measured, and the standard error cannot be trusted");
            }
            long side = 0;
            for (int k = 0; k < BINS; k++) {
                side += counts[first + k];
            }
            int tail = (int) Math.min(m, side - 1);
            if (tail < MIN_TAIL) {
                continue;
            }
            double[] top = largest(counts, first, tail + 1);
            if (top == null) {
                continue;
            }
            double u = top[0];
            double[] x = new double[tail];
            for (int i = 0; i < tail; i++) {
                x[i] = top[i + 1] - u;
            }
            fitted = true;
            worst = Math.max(worst, zhangStephens(x));
        }
        if (!fitted) {
            return new TailIndex(Double.NaN, "tail narrower than the histogram resolves: light");
        }
        return new TailIndex(worst, "");
    }

    /**
     * The {@code count} largest |v| of one sign, ascending, reconstructed from bins [first, first + BINS) with a
     * bin's c values evenly spaced in log inside it; null when they span fewer than {@link #MIN_BINS} bins or one
     * bin holds more than {@link #CROWDED} of them.
     */
    private static double[] largest(long[] counts, int first, int count) {
        double[] out = new double[count];
        int filled = 0;
        int spanned = 0;
        long crowd = 0;
        for (int k = BINS - 1; k >= 0 && filled < count; k--) {
            long c = counts[first + k];
            if (c == 0) {
                continue;
            }
            spanned++;
            crowd = Math.max(crowd, Math.min(c, count - filled));
            for (long j = c - 1; j >= 0 && filled < count; j--) {
                out[count - 1 - filled] = Math.exp(LOW + WIDTH * (k + (j + 0.5) / c));
                filled++;
            }
        }
        return spanned < MIN_BINS || crowd > CROWDED * count ? null : out;
    }

    /**
     * Zhang and Stephens' estimate of the generalized Pareto shape k of exceedances x &gt; 0 (ascending): over the
     * grid θ_j = 1/x_(n) + (1 − √(m/(j − ½)))/(3 x_(⌊n/4 + ½⌋)), j = 1 … m = 30 + ⌊√n⌋, the profile log-likelihood
     * L(θ) = n (log(−θ/ξ(θ)) − ξ(θ) − 1) with ξ(θ) = mean log(1 − θ x) weights θ̂ = Σ θ_j e^{L_j} / Σ e^{L_j}, and
     * ξ̂ = mean log(1 − θ̂ x) (ξ &gt; 0 for a heavy tail, θ &lt; 0; Zhang and Stephens' k is −ξ).
     */
    static double zhangStephens(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        int m = 30 + (int) Math.sqrt(n);
        double quartile = s[(int) Math.floor(n / 4.0 + 0.5) - 1];
        double max = s[n - 1];
        if (!(quartile > 0) || !(max > 0)) {
            return Double.NaN;
        }
        double[] theta = new double[m];
        double[] l = new double[m];
        for (int j = 0; j < m; j++) {
            theta[j] = 1.0 / max + (1.0 - Math.sqrt(m / (j + 0.5))) / (3.0 * quartile);
            double k = shape(s, theta[j]);
            l[j] = n * (Math.log(-theta[j] / k) - k - 1.0);
        }
        double top = Double.NEGATIVE_INFINITY;
        for (double v : l) {
            top = Double.isNaN(v) ? top : Math.max(top, v);
        }
        double weights = 0.0;
        double mean = 0.0;
        for (int j = 0; j < m; j++) {
            double w = Double.isNaN(l[j]) ? 0.0 : Math.exp(l[j] - top);
            weights += w;
            mean += w * theta[j];
        }
        return shape(s, mean / weights);
    }

    /** ξ(θ) = mean log(1 − θ x). */
    private static double shape(double[] x, double theta) {
        double sum = 0.0;
        for (double v : x) {
            sum += Math.log1p(-theta * v);
        }
        return sum / x.length;
    }
}
