package org.gdmc.rng;

import org.gdmc.kernel.KernelCode;

/**
 * Standard normal variates keyed by (seed, particle, step): the noise layout every gdmc backend shares.
 *
 * <p>Layout (the "RNG stream layout" recorded with every result): the Philox key is the 64-bit seed split as
 * (k0, k1) = (low word, high word); the counter is (particle low word, particle high word, step, block). Each block
 * of four 32-bit words gives two uniforms of 53 bits each, u = (⌊w_a·2^21⌋ + ⌊w_b / 2^11⌋ + 1)·2^−53 ∈ (0, 1]
 * and v = (the same for the next two words, without the +1)·2^−53 ∈ [0, 1), and two normals by Box–Muller,
 * r = √(−2 ln u), (r cos 2πv, r sin 2πv). Variate j of a step comes from block ⌊j/2⌋, slot j mod 2.
 * Step 0 holds the starting point of a path; step i ≥ 1 the noise of the i-th reverse step.
 *
 * <p>Box–Muller needs only log, sqrt, sin and cos, which every device backend provides; it consumes a fixed number
 * of words per variate, so the CPU and a device draw the same noise for the same particle and step.
 */
@KernelCode
public final class NormalVariates {
    private static final long MASK32 = 0xFFFFFFFFL;
    /** 2^−53. */
    private static final double TWO_POW_M53 = 0x1.0p-53;
    private static final double TWO_PI = 2.0 * Math.PI;

    private NormalVariates() {
    }

    /**
     * Fills {@code out[off .. off+count)} with the first {@code count} normals of (seed, particle, step).
     *
     * @param words scratch of at least 4 longs. Modified.
     */
    public static void fill(long seed, long particle, long step, double[] out, int off, int count, long[] words) {
        fill(seed, particle, step, out, off, count, words, 0);
    }

    /** As {@link #fill(long, long, long, double[], int, int, long[])}, with the scratch at words[wOff .. wOff+4). */
    public static void fill(long seed, long particle, long step, double[] out, int off, int count, long[] words,
                            int wOff) {
        fill(seed, particle, step, out, off, count, words, wOff, 1);
    }

    /**
     * As {@link #fill(long, long, long, double[], int, int, long[], int)}, normal j at out[off + j·stride] and scratch
     * word k at words[wOff + k·stride] (the device's layout by particle: stride = the batch's capacity).
     */
    public static void fill(long seed, long particle, long step, double[] out, int off, int count, long[] words,
                            int wOff, int stride) {
        long k0 = seed & MASK32;
        long k1 = (seed >> 32) & MASK32;
        long c0 = particle & MASK32;
        long c1 = (particle >> 32) & MASK32;
        long c2 = step & MASK32;
        int blocks = (count + 1) / 2;
        for (int b = 0; b < blocks; b++) {
            Philox4x32.block(c0, c1, c2, b, k0, k1, words, wOff, stride);
            double u = uniformOpenAtZero(words[wOff], words[wOff + stride]);
            double v = uniform(words[wOff + 2 * stride], words[wOff + 3 * stride]);
            double r = Math.sqrt(-2.0 * Math.log(u));
            double theta = TWO_PI * v;
            int j = off + 2 * b * stride;
            out[j] = r * Math.cos(theta);
            if (2 * b + 1 < count) {
                out[j + stride] = r * Math.sin(theta);
            }
        }
    }

    /** Uniform in [0, 1) from the top 53 bits of two 32-bit words (hi first). */
    public static double uniform(long hi, long lo) {
        long bits = ((hi & MASK32) << 21) | ((lo >> 11) & 0x1FFFFFL);
        return bits * TWO_POW_M53;
    }

    /** Uniform in (0, 1] from the top 53 bits of two 32-bit words: never 0, so its logarithm is finite. */
    public static double uniformOpenAtZero(long hi, long lo) {
        long bits = ((hi & MASK32) << 21) | ((lo >> 11) & 0x1FFFFFL);
        return (bits + 1) * TWO_POW_M53;
    }
}
