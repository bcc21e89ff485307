package org.gdmc.smc;

import org.gdmc.kernel.KernelCode;
import org.gdmc.rng.NormalVariates;
import org.gdmc.rng.Philox4x32;

/**
 * What an island does with its log-weights: their effective sample size, their log-mean, and systematic resampling
 * driven by one counter-based uniform per (seed, island, step).
 *
 * <p>The uniform is Philox4x32-10 under the study's key with counter (island low word, island high word, step,
 * 2³² − 1): a particle's noise uses block words below (d + 1)/2, so the two streams never meet.
 *
 * <p>Kernel subset, float64 only: the island's m log-weights are read at logW[off + k·step], k &lt; m (step 1 for a
 * plain array; on the device the weights are one slot of each particle's record). −∞ is recognised as
 * {@code x < −Double.MAX_VALUE}: an equality test against an infinite constant does not build on OpenCL
 * (docs/tornadovm-traps.md).
 */
@KernelCode(float32 = false)
public final class Resampling {
    private static final long MASK32 = 0xFFFFFFFFL;

    private Resampling() {
    }

    /** The uniform in [0, 1) of island {@code island} at step {@code step}. */
    public static double uniform(long seed, long island, int step) {
        return uniform(seed, island, step, new long[4], 0, 1);
    }

    /**
     * As {@link #uniform(long, long, int)}, with Philox's four output words written at words[wOff + k·stride] (the
     * kernels' scratch).
     */
    public static double uniform(long seed, long island, int step, long[] words, int wOff, int stride) {
        Philox4x32.block(island & MASK32, (island >> 32) & MASK32, step & MASK32, MASK32, seed & MASK32,
                (seed >> 32) & MASK32, words, wOff, stride);
        return NormalVariates.uniform(words[wOff], words[wOff + stride]);
    }

    /** The largest of the m log-weights. */
    static double max(double[] logW, int off, int step, int m) {
        double top = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < m; k++) {
            top = Math.max(top, logW[off + k * step]);
        }
        return top;
    }

    /** log((1/m) Σ e^{logW_k}), computed around the largest; −∞ when every weight is 0. */
    public static double logMean(double[] logW, int m) {
        return logMean(logW, 0, 1, m);
    }

    /** As {@link #logMean(double[], int)}, weight k at logW[off + k·step]. */
    public static double logMean(double[] logW, int off, int step, int m) {
        double top = max(logW, off, step, m);
        if (top < -Double.MAX_VALUE) {
            return top;
        }
        double sum = 0.0;
        for (int k = 0; k < m; k++) {
            sum += Math.exp(logW[off + k * step] - top);
        }
        return top + Math.log(sum / m);
    }

    /** The effective sample size (Σ w)² / Σ w² of the weights e^{logW}; 0 when every weight is 0. */
    public static double effectiveSize(double[] logW, int m) {
        return effectiveSize(logW, 0, 1, m);
    }

    /** As {@link #effectiveSize(double[], int)}, weight k at logW[off + k·step]. */
    public static double effectiveSize(double[] logW, int off, int step, int m) {
        double top = max(logW, off, step, m);
        if (top < -Double.MAX_VALUE) {
            return 0.0;
        }
        double s1 = 0.0;
        double s2 = 0.0;
        for (int k = 0; k < m; k++) {
            double v = Math.exp(logW[off + k * step] - top);
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
        systematic(logW, 0, 1, m, u, ancestor, 0);
    }

    /**
     * As {@link #systematic(double[], int, double, int[])}, weight k at logW[off + k·step] and the ancestor of particle
     * k (an index in 0 … m − 1) at ancestor[aOff + k].
     */
    public static void systematic(double[] logW, int off, int step, int m, double u, int[] ancestor, int aOff) {
        double top = max(logW, off, step, m);
        double total = 0.0;
        for (int k = 0; k < m; k++) {
            total += Math.exp(logW[off + k * step] - top);
        }
        double cumulative = 0.0;
        int j = 0;
        double next = Math.exp(logW[off] - top) / total;
        for (int k = 0; k < m; k++) {
            double position = (u + k) / m;
            // one condition per test: kernel code avoids compound booleans (docs/tornadovm-traps.md)
            while (j < m - 1) {
                if (position < cumulative + next) {
                    break;
                }
                cumulative += next;
                j++;
                next = Math.exp(logW[off + j * step] - top) / total;
            }
            ancestor[aOff + k] = j;
        }
    }
}
