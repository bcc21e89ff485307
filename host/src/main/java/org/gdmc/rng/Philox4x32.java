package org.gdmc.rng;

import org.gdmc.kernel.KernelCode;

/**
 * Philox4x32-10, the counter-based generator of Salmon et al. (2011), "Parallel random numbers: as easy as 1, 2, 3".
 *
 * <p>A bijection of a 128-bit counter (c0, c1, c2, c3) under a 64-bit key (k0, k1), built from ten rounds of
 * (hi0, lo0) = M0·c0, (hi1, lo1) = M1·c2, c ← (hi1 ⊕ c1 ⊕ k0, lo1, hi0 ⊕ c3 ⊕ k1, lo0), with the key bumped by
 * (W0, W1) before rounds 2–10. The output matches Random123, cuRAND and Commons RNG for the same counter and key.
 *
 * <p>Written in the subset that TornadoVM compiles correctly on every backend: each 32-bit word lives in a
 * {@code long} in [0, 2<sup>32</sup>), shifts are arithmetic shifts of non-negative values followed by a mask
 * (never {@code >>>}), and the 32×32→64-bit product is built from 16-bit halves so that no intermediate overflows.
 * No allocation, no objects.
 */
@KernelCode(float32 = false, float64 = false)
public final class Philox4x32 {
    /** Round multiplier applied to word 0. */
    public static final long M0 = 0xD2511F53L;
    /** Round multiplier applied to word 2. */
    public static final long M1 = 0xCD9E8D57L;
    /** Key increment of k0 (golden ratio). */
    public static final long W0 = 0x9E3779B9L;
    /** Key increment of k1 (√3 − 1). */
    public static final long W1 = 0xBB67AE85L;
    private static final long MASK32 = 0xFFFFFFFFL;
    private static final long MASK16 = 0xFFFFL;
    /** Rounds of the bijection. */
    public static final int ROUNDS = 10;

    private Philox4x32() {
    }

    /**
     * Encrypts one counter block.
     *
     * @param c0  counter word 0, in [0, 2^32)
     * @param c1  counter word 1
     * @param c2  counter word 2
     * @param c3  counter word 3
     * @param k0  key word 0, in [0, 2^32)
     * @param k1  key word 1
     * @param out receives the four output words, each in [0, 2^32), at out[off..off+3]. Modified.
     * @param off offset into {@code out}
     */
    public static void block(long c0, long c1, long c2, long c3, long k0, long k1, long[] out, int off) {
        block(c0, c1, c2, c3, k0, k1, out, off, 1);
    }

    /** As {@link #block(long, long, long, long, long, long, long[], int)}, word k at out[off + k·stride]. */
    public static void block(long c0, long c1, long c2, long c3, long k0, long k1, long[] out, int off, int stride) {
        long x0 = c0 & MASK32;
        long x1 = c1 & MASK32;
        long x2 = c2 & MASK32;
        long x3 = c3 & MASK32;
        long key0 = k0 & MASK32;
        long key1 = k1 & MASK32;
        for (int r = 0; r < ROUNDS; r++) {
            if (r > 0) {
                key0 = (key0 + W0) & MASK32;
                key1 = (key1 + W1) & MASK32;
            }
            long hi0 = mulHi(M0, x0);
            long lo0 = mulLo(M0, x0);
            long hi1 = mulHi(M1, x2);
            long lo1 = mulLo(M1, x2);
            long y0 = hi1 ^ x1 ^ key0;
            long y2 = hi0 ^ x3 ^ key1;
            x0 = y0;
            x1 = lo1;
            x2 = y2;
            x3 = lo0;
        }
        out[off] = x0;
        out[off + stride] = x1;
        out[off + 2 * stride] = x2;
        out[off + 3 * stride] = x3;
    }

    /** High 32 bits of a·b for a, b in [0, 2^32), from 16-bit halves (no intermediate exceeds 2^34). */
    static long mulHi(long a, long b) {
        long a0 = a & MASK16;
        long a1 = (a >> 16) & MASK16;
        long b0 = b & MASK16;
        long b1 = (b >> 16) & MASK16;
        long t = a0 * b0;
        long k = (t >> 16) & MASK16;
        t = a1 * b0 + k;
        long w1 = t & MASK16;
        long w2 = (t >> 16) & MASK32;
        t = a0 * b1 + w1;
        k = (t >> 16) & MASK32;
        return (a1 * b1 + w2 + k) & MASK32;
    }

    /** Low 32 bits of a·b for a, b in [0, 2^32), from 16-bit halves. */
    static long mulLo(long a, long b) {
        long a0 = a & MASK16;
        long a1 = (a >> 16) & MASK16;
        long b0 = b & MASK16;
        long b1 = (b >> 16) & MASK16;
        long cross = (a1 * b0 + a0 * b1) & MASK16;
        return (a0 * b0 + (cross << 16)) & MASK32;
    }
}
