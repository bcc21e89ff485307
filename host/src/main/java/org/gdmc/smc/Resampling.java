package org.gdmc.smc;

import org.gdmc.rng.NormalVariates;
import org.gdmc.rng.Philox4x32;

/**
 * What an island does with its log-weights: their effective sample size, their log-mean, and systematic resampling
 * driven by one counter-based uniform per (seed, island, step).
 *
 * <p>The uniform is Philox4x32-10 under the study's key with counter (island low word, island high word, step,
 * 2³² − 1): a particle's noise uses block words below (d + 1)/2, so the two streams never meet.
 */
public final class Resampling {
    private static final long MASK32 = 0xFFFFFFFFL;

    private Resampling() {
    }

    /** The uniform in [0, 1) of island {@code island} at step {@code step}. */
    public static double uniform(long seed, long island, int step) {
        long[] words = new long[4];
        Philox4x32.block(island & MASK32, (island >> 32) & MASK32, step & MASK32, MASK32, seed & MASK32,
                (seed >> 32) & MASK32, words, 0);
        return NormalVariates.uniform(words[0], words[1]);
    }

    /** The largest of logW[0 .. m). */
    static double max(double[] logW, int m) {
        double top = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < m; k++) {
            top = Math.max(top, logW[k]);
        }
        return top;
    }

    /** log((1/m) Σ e^{logW_k}), computed around the largest; −∞ when every weight is 0. */
    public static double logMean(double[] logW, int m) {
        double top = max(logW, m);
        if (top == Double.NEGATIVE_INFINITY) {
            return top;
        }
        double sum = 0.0;
        for (int k = 0; k < m; k++) {
            sum += Math.exp(logW[k] - top);
        }
        return top + Math.log(sum / m);
    }

    /** The effective sample size (Σ w)² / Σ w² of the weights e^{logW}; 0 when every weight is 0. */
    public static double effectiveSize(double[] logW, int m) {
        double top = max(logW, m);
        if (top == Double.NEGATIVE_INFINITY) {
            return 0.0;
        }
        double s1 = 0.0;
        double s2 = 0.0;
        for (int k = 0; k < m; k++) {
            double v = Math.exp(logW[k] - top);
            s1 += v;
            s2 += v * v;
        }
        return s1 * s1 / s2;
    }

    /**
     * Systematic resampling: ancestor[k] is the particle whose cumulative normalised weight interval holds
     * (u + k)/m, k = 0 … m − 1. The weights must not all be 0.
     */
    public static void systematic(double[] logW, int m, double u, int[] ancestor) {
        double top = max(logW, m);
        double total = 0.0;
        for (int k = 0; k < m; k++) {
            total += Math.exp(logW[k] - top);
        }
        double cumulative = 0.0;
        int j = 0;
        double next = Math.exp(logW[0] - top) / total;
        for (int k = 0; k < m; k++) {
            double position = (u + k) / m;
            while (position >= cumulative + next && j < m - 1) {
                cumulative += next;
                j++;
                next = Math.exp(logW[j] - top) / total;
            }
            ancestor[k] = j;
        }
    }
}
