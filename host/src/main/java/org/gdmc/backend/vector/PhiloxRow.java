package org.gdmc.backend.vector;

import org.gdmc.rng.Philox4x32;

/**
 * One thread's Philox state for a row of particles first, first + 1, …: the round keys, each lane's counter words
 * (particle low and high), and what rounds 1 and 2 compute from the particle and the block alone. Round 1 multiplies
 * the particle's low word c0 by M0, (h, x3′) = M0·c0, and round 2 multiplies x2′ = h ⊕ block ⊕ k1 (round 1's key) by
 * M1: (secondHigh, secondLow) = M1·x2′. The step enters those rounds only through scalar products
 * ({@link PhiloxLanes}), so with these per-row products a lane's noise at any step starts at round 3, bit for bit the
 * same words. When the row's particles do not share one high word (a row across a multiple of 2³²) the lanes run
 * all ten rounds.
 */
final class PhiloxRow {
    private static final long MASK32 = 0xFFFFFFFFL;

    final long[] k0 = new long[Philox4x32.ROUNDS];
    final long[] k1 = new long[Philox4x32.ROUNDS];
    final long[] low;
    final long[] high;
    /** Whether every lane's particle has the same high word, {@link #highWord}. */
    boolean sharedHigh;
    long highWord;
    /** Per lane: the low word of M0·c0 (round 1's x3). */
    final long[] firstLow;
    /** Per block and lane: the high and low words of round 2's M1·x2′. */
    final long[][] secondHigh;
    final long[][] secondLow;
    /**
     * What the step brings to rounds 1 and 2 when the high word is shared ({@link #enter}): the scalars xor-ed into the
     * lanes' x0 and x2 after round 2, and round 2's x3.
     */
    long toX0;
    long toX2;
    long x3;
    /** The uniforms' 53-bit integers of two vectors of lanes ({@link PhiloxLanes}' scratch). */
    final long[] words = new long[4 * PhiloxLanes.WIDTH];

    /** A row of {@code lanes} particles drawing blocks 0 … blocks − 1 of each step. */
    PhiloxRow(int lanes, int blocks) {
        low = new long[lanes];
        high = new long[lanes];
        firstLow = new long[lanes];
        secondHigh = new long[blocks][lanes];
        secondLow = new long[blocks][lanes];
    }

    /** Moves the row to particles first, first + 1, … under the round keys of {@link PhiloxLanes#keys}. */
    void start(long first, long[] roundKey0, long[] roundKey1) {
        System.arraycopy(roundKey0, 0, k0, 0, k0.length);
        System.arraycopy(roundKey1, 0, k1, 0, k1.length);
        int lanes = low.length;
        for (int l = 0; l < lanes; l++) {
            long particle = first + l;
            low[l] = particle & MASK32;
            high[l] = (particle >> 32) & MASK32;
        }
        highWord = high[0];
        sharedHigh = high[lanes - 1] == highWord;
        for (int l = 0; l < lanes; l++) {
            long p = low[l] * Philox4x32.M0;
            firstLow[l] = p & MASK32;
            long h = p >>> 32;
            for (int b = 0; b < secondHigh.length; b++) {
                long q = ((h ^ b ^ k1[0]) & MASK32) * Philox4x32.M1;
                secondHigh[b][l] = q >>> 32;
                secondLow[b][l] = q & MASK32;
            }
        }
    }

    /**
     * The step's scalars for rounds 1 and 2: (hi, lo)(M1 · step) is a scalar, and so is the next x0 = hi ⊕ high ⊕ k0;
     * round 2 multiplies that scalar by M0 (and the row's x2, a function of the particle and block, by M1).
     */
    void enter(long step) {
        long s = (step & MASK32) * Philox4x32.M1;
        long a = ((s >>> 32) ^ highWord ^ k0[0]) & MASK32;
        long q = a * Philox4x32.M0;
        toX0 = (s & MASK32) ^ k0[1];
        toX2 = (q >>> 32) ^ k1[1];
        x3 = q & MASK32;
    }
}
