package org.gdmc.backend.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.gdmc.rng.Philox4x32;

/**
 * Philox4x32-10 and Box–Muller on a vector of particles: lane l draws exactly the words and uniforms that
 * {@link org.gdmc.rng.NormalVariates} draws for its particle, so the noise layout is the one every backend shares.
 *
 * <p>Each 32-bit word lives in a 64-bit lane in [0, 2³²). The round's 32×32 → 64-bit products are formed by a lane
 * multiply of two values masked to 32 bits, which HotSpot compiles to one unsigned 32-bit multiply (vpmuludq);
 * the high word is the product shifted right by 32 and the low word the product masked. A 53-bit uniform
 * (⌊w_a 2²¹⌋ + ⌊w_b / 2¹¹⌋)·2⁻⁵³ is assembled in double arithmetic, exactly: each 32- or 21-bit part becomes a double
 * by the 2⁵² exponent trick (AVX2 has no 64-bit integer to double conversion).
 */
final class PhiloxLanes {
    static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
    /** Particles per vector. */
    static final int WIDTH = DOUBLES.length();
    static final int ROUNDS = Philox4x32.ROUNDS;

    private static final long M0 = Philox4x32.M0;
    private static final long M1 = Philox4x32.M1;
    private static final long W0 = Philox4x32.W0;
    private static final long W1 = Philox4x32.W1;
    private static final long MASK32 = 0xFFFFFFFFL;
    private static final double TWO_POW_21 = 0x1.0p21;
    private static final double TWO_POW_M53 = 0x1.0p-53;

    private PhiloxLanes() {
    }

    /** The Philox counter words of particles start, start + 1, … for a row: low and high 32 bits of each index. */
    static void counters(long start, long[] low, long[] high) {
        for (int l = 0; l < low.length; l++) {
            long particle = start + l;
            low[l] = particle & MASK32;
            high[l] = (particle >> 32) & MASK32;
        }
    }

    /** The round keys of the 64-bit seed (k0, k1) = (low word, high word), bumped by (W0, W1) each round. */
    static void keys(long seed, long[] k0, long[] k1) {
        long a = seed & MASK32;
        long b = (seed >> 32) & MASK32;
        for (int r = 0; r < ROUNDS; r++) {
            k0[r] = a;
            k1[r] = b;
            a = (a + W0) & MASK32;
            b = (b + W1) & MASK32;
        }
    }

    /**
     * Writes normals 2·block and 2·block + 1 of (seed, particle, step) for each of the row's {@code count} particles
     * to out[o0 + l] and out[o1 + l].
     *
     * @param low  each lane's particle index, low word, at low[0 .. count). Not modified.
     * @param high each lane's particle index, high word. Not modified.
     */
    static void normalPair(long[] k0, long[] k1, long[] low, long[] high, long step, long block,
                           double[] out, int o0, int o1, int count) {
        uniformPair(k0, k1, low, high, step, block, out, o0, o1, count);
        LaneMath.boxMuller(out, o0, o1, count);
    }

    /**
     * The two uniforms behind {@link #normalPair}, u ∈ (0, 1] to out[o0 + l] and v ∈ [0, 1) to out[o1 + l], exactly
     * (53 bits each).
     */
    static void uniformPair(long[] k0, long[] k1, long[] low, long[] high, long step, long block,
                            double[] out, int o0, int o1, int count) {
        LongVector mask = LongVector.broadcast(LONGS, MASK32);
        LongVector m0 = LongVector.broadcast(LONGS, M0);
        LongVector m1 = LongVector.broadcast(LONGS, M1);
        for (int o = 0; o < count; o += WIDTH) {
            LongVector x0 = LongVector.fromArray(LONGS, low, o);
            LongVector x1 = LongVector.fromArray(LONGS, high, o);
            LongVector x2 = LongVector.broadcast(LONGS, step & MASK32);
            LongVector x3 = LongVector.broadcast(LONGS, block & MASK32);
            for (int r = 0; r < ROUNDS; r++) {
                // x1 and x3 keep their products' high halves: they only ever reach a multiply (which masks its
                // operands) through the xor of the next round, and are masked once after the last. The key is
                // xor-ed into them first, off the chain mask → multiply → shift → xor that bounds a round's latency
                LongVector t0 = x1.lanewise(VectorOperators.XOR, k0[r]);
                LongVector t2 = x3.lanewise(VectorOperators.XOR, k1[r]);
                LongVector p0 = x0.and(mask).mul(m0.and(mask));
                LongVector p1 = x2.and(mask).mul(m1.and(mask));
                x0 = p1.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, t0);
                x2 = p0.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, t2);
                x1 = p1;
                x3 = p0;
            }
            x0 = x0.and(mask);
            x1 = x1.and(mask);
            x2 = x2.and(mask);
            x3 = x3.and(mask);
            // u = (w0 2^21 + ⌊w1 / 2^11⌋ + 1) 2^-53 ∈ (0, 1], v = (w2 2^21 + ⌊w3 / 2^11⌋) 2^-53 ∈ [0, 1), both exact
            LaneMath.exact(x0).mul(TWO_POW_21).add(LaneMath.exact(x1.lanewise(VectorOperators.LSHR, 11))).add(1.0)
                    .mul(TWO_POW_M53).intoArray(out, o0 + o);
            LaneMath.exact(x2).mul(TWO_POW_21).add(LaneMath.exact(x3.lanewise(VectorOperators.LSHR, 11)))
                    .mul(TWO_POW_M53).intoArray(out, o1 + o);
        }
    }
}
