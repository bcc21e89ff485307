package org.gdmc.backend.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import org.gdmc.rng.Philox4x32;

/**
 * Philox4x32-10 and Box–Muller on a vector of particles: lane l draws exactly the words and uniforms that
 * {@link org.gdmc.rng.NormalVariates} draws for its particle, so the noise layout is the one every backend shares.
 *
 * <p>Each 32-bit word lives in a 64-bit lane in [0, 2³²). The round's 32×32 → 64-bit products are formed by a lane
 * multiply of two values masked to 32 bits, which HotSpot compiles to one unsigned 32-bit multiply (vpmuludq);
 * the high word is the product shifted right by 32 and the low word the product masked. A 53-bit uniform
 * (w_a 2²¹ + ⌊w_b / 2¹¹⌋)·2⁻⁵³ is assembled as a 53-bit integer and converted once, to double exactly or to float with
 * one rounding. The particle's words enter only rounds 1 and 2 through products by constants, formed once per row
 * ({@link PhiloxRow}).
 */
final class PhiloxLanes {
    static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
    /** Particles per vector. */
    static final int WIDTH = DOUBLES.length();
    static final int ROUNDS = Philox4x32.ROUNDS;
    /** Floats as many as a vector of longs has lanes (half the preferred shape). */
    private static final VectorSpecies<Float> HALF_FLOATS = VectorSpecies.of(float.class,
            VectorShape.forBitSize(WIDTH * Float.SIZE));

    private static final long M0 = Philox4x32.M0;
    private static final long M1 = Philox4x32.M1;
    private static final long W0 = Philox4x32.W0;
    private static final long W1 = Philox4x32.W1;
    private static final long MASK32 = 0xFFFFFFFFL;
    private static final double TWO_POW_M53 = 0x1.0p-53;
    private static final float TWO_POW_M53_F = 0x1.0p-53f;

    private PhiloxLanes() {
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
     * (a multiple of 2·{@link #WIDTH}) to out[o0 + l] and out[o1 + l].
     */
    static void normalPair(PhiloxRow row, long step, int block, double[] out, int o0, int o1, int count) {
        uniformPair(row, step, block, out, o0, o1, count);
        LaneMath.boxMuller(out, o0, o1, count);
    }

    /**
     * The two uniforms behind {@link #normalPair}, u ∈ (0, 1] to out[o0 + l] and v ∈ [0, 1) to out[o1 + l], exactly:
     * the 53-bit integers convert to double without rounding, and the power of two scales them exactly.
     */
    static void uniformPair(PhiloxRow row, long step, int block, double[] out, int o0, int o1, int count) {
        long[] words = row.words;
        row.enter(step);
        for (int o = 0; o < count; o += 2 * WIDTH) {
            integers(row, step, block, o);
            for (int h = 0; h < 2; h++) {
                ((DoubleVector) LongVector.fromArray(LONGS, words, 2 * h * WIDTH).convert(VectorOperators.L2D, 0))
                        .mul(TWO_POW_M53).intoArray(out, o0 + o + h * WIDTH);
                ((DoubleVector) LongVector.fromArray(LONGS, words, (2 * h + 1) * WIDTH)
                        .convert(VectorOperators.L2D, 0)).mul(TWO_POW_M53).intoArray(out, o1 + o + h * WIDTH);
            }
        }
    }

    /**
     * The two uniforms behind {@link #normalPair}, each rounded to float (as the float32 kernels' (bits + 1)·2⁻⁵³ in
     * float arithmetic rounds it), to out[o0 + l] and out[o1 + l]: the 53-bit integers convert to float with one
     * rounding, and the power of two scales them exactly, so no value passes through double.
     */
    static void uniformPairF32(PhiloxRow row, long step, int block, float[] out, int o0, int o1, int count) {
        long[] words = row.words;
        row.enter(step);
        for (int o = 0; o < count; o += 2 * WIDTH) {
            integers(row, step, block, o);
            for (int h = 0; h < 2; h++) {
                ((FloatVector) LongVector.fromArray(LONGS, words, 2 * h * WIDTH)
                        .convertShape(VectorOperators.L2F, HALF_FLOATS, 0)).mul(TWO_POW_M53_F)
                        .intoArray(out, o0 + o + h * WIDTH);
                ((FloatVector) LongVector.fromArray(LONGS, words, (2 * h + 1) * WIDTH)
                        .convertShape(VectorOperators.L2F, HALF_FLOATS, 0)).mul(TWO_POW_M53_F)
                        .intoArray(out, o1 + o + h * WIDTH);
            }
        }
    }

    /**
     * Philox's words (w0, w1, w2, w3) of (seed, particle, step, block) for the lanes o … o + 2·{@link #WIDTH} of the
     * row, as the 53-bit integers of the uniforms: per vector of lanes (o, then o + WIDTH), w0 2²¹ + ⌊w1 / 2¹¹⌋ + 1 ∈
     * [1, 2⁵³] and w2 2²¹ + ⌊w3 / 2¹¹⌋ ∈ [0, 2⁵³), to row.words in the order u, v of the first vector, u, v of the
     * second. Two vectors at once: a round's latency (mask, multiply, shift, xor) is several times its work, and the
     * two independent chains overlap.
     *
     * <p>Round 1 multiplies the particle's low word, and round 2 the result xor-ed with the block, by constants: when
     * the row's particles share their high word, those products are the row's ({@link PhiloxRow}), and the step enters
     * rounds 1 and 2 through scalar products only, formed once per step ({@link PhiloxRow#enter}), so the lanes start
     * at round 3.
     */
    private static void integers(PhiloxRow row, long step, int block, int o) {
        long[] k0 = row.k0;
        long[] k1 = row.k1;
        int oa = o;
        int ob = o + WIDTH;
        LongVector a0;
        LongVector a1;
        LongVector a2;
        LongVector a3;
        LongVector b0;
        LongVector b1;
        LongVector b2;
        LongVector b3;
        int first;
        if (row.sharedHigh) {
            long toX0 = row.toX0;
            long toX2 = row.toX2;
            a0 = LongVector.fromArray(LONGS, row.secondHigh[block], oa).lanewise(VectorOperators.XOR, toX0);
            b0 = LongVector.fromArray(LONGS, row.secondHigh[block], ob).lanewise(VectorOperators.XOR, toX0);
            a1 = LongVector.fromArray(LONGS, row.secondLow[block], oa);
            b1 = LongVector.fromArray(LONGS, row.secondLow[block], ob);
            a2 = LongVector.fromArray(LONGS, row.firstLow, oa).lanewise(VectorOperators.XOR, toX2);
            b2 = LongVector.fromArray(LONGS, row.firstLow, ob).lanewise(VectorOperators.XOR, toX2);
            a3 = LongVector.broadcast(LONGS, row.x3);
            b3 = a3;
            first = 2;
        } else {
            a0 = LongVector.fromArray(LONGS, row.low, oa);
            b0 = LongVector.fromArray(LONGS, row.low, ob);
            a1 = LongVector.fromArray(LONGS, row.high, oa);
            b1 = LongVector.fromArray(LONGS, row.high, ob);
            a2 = LongVector.broadcast(LONGS, step & MASK32);
            b2 = a2;
            a3 = LongVector.broadcast(LONGS, (long) block & MASK32);
            b3 = a3;
            first = 0;
        }
        LongVector mask = LongVector.broadcast(LONGS, MASK32);
        LongVector m0 = LongVector.broadcast(LONGS, M0).and(mask);
        LongVector m1 = LongVector.broadcast(LONGS, M1).and(mask);
        for (int r = first; r < ROUNDS; r++) {
            // x1 and x3 keep their products' high halves: they only ever reach a multiply (which masks its
            // operands) through the xor of the next round, and are masked once after the last. The key is
            // xor-ed into them first, off the chain mask → multiply → shift → xor that bounds a round's latency
            LongVector ta0 = a1.lanewise(VectorOperators.XOR, k0[r]);
            LongVector tb0 = b1.lanewise(VectorOperators.XOR, k0[r]);
            LongVector ta2 = a3.lanewise(VectorOperators.XOR, k1[r]);
            LongVector tb2 = b3.lanewise(VectorOperators.XOR, k1[r]);
            LongVector pa0 = a0.and(mask).mul(m0);
            LongVector pb0 = b0.and(mask).mul(m0);
            LongVector pa1 = a2.and(mask).mul(m1);
            LongVector pb1 = b2.and(mask).mul(m1);
            a0 = pa1.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, ta0);
            b0 = pb1.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, tb0);
            a2 = pa0.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, ta2);
            b2 = pb0.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, tb2);
            a1 = pa1;
            b1 = pb1;
            a3 = pa0;
            b3 = pb0;
        }
        long[] words = row.words;
        a0.and(mask).lanewise(VectorOperators.LSHL, 21).or(a1.and(mask).lanewise(VectorOperators.LSHR, 11)).add(1L)
                .intoArray(words, 0);
        a2.and(mask).lanewise(VectorOperators.LSHL, 21).or(a3.and(mask).lanewise(VectorOperators.LSHR, 11))
                .intoArray(words, WIDTH);
        b0.and(mask).lanewise(VectorOperators.LSHL, 21).or(b1.and(mask).lanewise(VectorOperators.LSHR, 11)).add(1L)
                .intoArray(words, 2 * WIDTH);
        b2.and(mask).lanewise(VectorOperators.LSHL, 21).or(b3.and(mask).lanewise(VectorOperators.LSHR, 11))
                .intoArray(words, 3 * WIDTH);
    }
}
