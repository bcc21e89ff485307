package org.gdmc.rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class Philox4x32Test {
    private static long[] run(long c0, long c1, long c2, long c3, long k0, long k1) {
        long[] out = new long[4];
        Philox4x32.block(c0, c1, c2, c3, k0, k1, out, 0);
        return out;
    }

    /**
     * Known answers of Random123's kat_vectors file (philox4x32_10 lines), also listed in shared/notes/tornadovm.md
     * and reproduced by cuRAND: counter c0..c3, key k0 k1 → output.
     */
    @Test
    void random123KnownAnswers() {
        assertArrayEquals(new long[] {0x6627e8d5L, 0xe169c58dL, 0xbc57ac4cL, 0x9b00dbd8L},
                run(0, 0, 0, 0, 0, 0));
        assertArrayEquals(new long[] {0x408f276dL, 0x41c83b0eL, 0xa20bc7c6L, 0x6d5451fdL},
                run(0xffffffffL, 0xffffffffL, 0xffffffffL, 0xffffffffL, 0xffffffffL, 0xffffffffL));
        assertArrayEquals(new long[] {0xd16cfe09L, 0x94fdccebL, 0x5001e420L, 0x24126ea1L},
                run(0x243f6a88L, 0x85a308d3L, 0x13198a2eL, 0x03707344L, 0xa4093822L, 0x299f31d0L));
    }

    /** The 16-bit-half products equal Java's exact 64-bit unsigned product. */
    @Test
    void halfWordProductsAreExact() {
        SplittableRandom r = new SplittableRandom(7);
        long[] edge = {0L, 1L, 0xFFFFL, 0x10000L, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL, 0xD2511F53L, 0xCD9E8D57L};
        for (int i = 0; i < 200_000; i++) {
            long a = i < 81 ? edge[i % 9] : r.nextLong() & 0xFFFFFFFFL;
            long b = i < 81 ? edge[i / 9] : r.nextLong() & 0xFFFFFFFFL;
            long p = a * b; // exact modulo 2^64, and a*b < 2^64
            assertEquals(p >>> 32, Philox4x32.mulHi(a, b), "hi of " + a + "*" + b);
            assertEquals(p & 0xFFFFFFFFL, Philox4x32.mulLo(a, b), "lo of " + a + "*" + b);
        }
    }

    /**
     * Cross-check with an independent implementation, Commons RNG 1.7's Philox4x32, seeded with {k0, k1, c0, c1, c2, c3}.
     * It increments the 128-bit counter before producing its first block, so its first four outputs are our block of
     * counter + 1.
     */
    @Test
    void agreesWithCommonsRng() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 500; trial++) {
            int[] s = new int[6];
            for (int i = 0; i < 6; i++) {
                s[i] = r.nextInt();
            }
            if (trial == 0) {
                s[2] = -1; // exercise the carry out of c0
            }
            org.apache.commons.rng.core.source32.Philox4x32 ref = new org.apache.commons.rng.core.source32.Philox4x32(s);
            long c0 = s[2] & 0xFFFFFFFFL;
            long c1 = s[3] & 0xFFFFFFFFL;
            long c2 = s[4] & 0xFFFFFFFFL;
            long c3 = s[5] & 0xFFFFFFFFL;
            // counter + 1 with carries
            c0 = (c0 + 1) & 0xFFFFFFFFL;
            if (c0 == 0) {
                c1 = (c1 + 1) & 0xFFFFFFFFL;
                if (c1 == 0) {
                    c2 = (c2 + 1) & 0xFFFFFFFFL;
                    if (c2 == 0) {
                        c3 = (c3 + 1) & 0xFFFFFFFFL;
                    }
                }
            }
            long[] ours = run(c0, c1, c2, c3, s[0] & 0xFFFFFFFFL, s[1] & 0xFFFFFFFFL);
            for (int i = 0; i < 4; i++) {
                assertEquals(ours[i], ref.next() & 0xFFFFFFFFL, "trial " + trial + " word " + i);
            }
        }
    }
}
