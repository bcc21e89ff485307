package org.gdmc.backend.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LaneMath} in float32, for the float32 lanes ({@link PairLanesF32}): exp, log and Box–Muller's last step on a
 * row of float lanes (count entries, a multiple of the float vector width), reading and writing lane arrays. The
 * reductions are fdlibm's (e_expf, e_logf); exp's and sin/cos's polynomials are Taylor series truncated below
 * 3e-9 relative, log's is e_logf's minimax. Results are within 2 float ulp of {@link StrictMath}'s, rounded to float,
 * on the ranges stated (LaneMathF32Test).
 */
final class LaneMathF32 {
    static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int W = FLOATS.length();

    private static final float LN2_HI = 6.9313812256e-01f;
    private static final float LN2_LO = 9.0580006145e-06f;
    private static final float LOG2_E = 1.4426950216e+00f;
    /** Adding then subtracting 1.5·2²³ rounds a float of magnitude below 2²² to the nearest integer. */
    private static final float ROUND = 0x1.8p23f;
    private static final float EXP_MIN = -87.0f;
    private static final float EXP_MAX = 88.0f;
    private static final float TWO_PI = (float) (2.0 * Math.PI);

    private static final float LG1 = 0xaaaaaa.0p-24f;
    private static final float LG2 = 0xccce13.0p-25f;
    private static final float LG3 = 0x91e9ee.0p-25f;
    private static final float LG4 = 0xf89e26.0p-26f;

    private LaneMathF32() {
    }

    /**
     * eˣ for x clamped to [−87, 88] (e⁻⁸⁷ ≈ 1.6e−38 stands for anything smaller, e⁸⁸ ≈ 1.7e38 for anything larger);
     * NaN stays NaN. x = k ln 2 + r with |r| ≤ ½ ln 2, eʳ by its Taylor series to r⁷ (truncation below 3e−9), times 2ᵏ.
     */
    static void exp(float[] in, int inOff, float[] out, int outOff, int count) {
        for (int o = 0; o < count; o += W) {
            FloatVector x = FloatVector.fromArray(FLOATS, in, inOff + o);
            FloatVector c = x.blend(EXP_MIN, x.lt(EXP_MIN)).blend(EXP_MAX, x.lt(EXP_MAX).not().and(x.eq(x)));
            FloatVector k = c.mul(LOG2_E).add(ROUND).sub(ROUND);
            FloatVector r = k.fma(FloatVector.broadcast(FLOATS, -LN2_HI), c).sub(k.mul(LN2_LO));
            FloatVector p = r.mul(1.0f / 5040.0f).add(1.0f / 720.0f);
            p = p.fma(r, FloatVector.broadcast(FLOATS, 1.0f / 120.0f));
            p = p.fma(r, FloatVector.broadcast(FLOATS, 1.0f / 24.0f));
            p = p.fma(r, FloatVector.broadcast(FLOATS, 1.0f / 6.0f));
            p = p.fma(r, FloatVector.broadcast(FLOATS, 0.5f));
            p = p.fma(r, FloatVector.broadcast(FLOATS, 1.0f));
            p = p.fma(r, FloatVector.broadcast(FLOATS, 1.0f));
            // 2^k: k + 127 + 1.5·2^23 holds k + 127 ∈ [1, 254] in its low mantissa bits; shifted into the exponent
            // (a NaN lane's p is NaN, and so is its product with whatever the scale's bits make)
            IntVector scale = k.add(127.0f + ROUND).reinterpretAsInts().lanewise(VectorOperators.LSHL, 23);
            p.mul(scale.reinterpretAsFloats()).intoArray(out, outOff + o);
        }
    }

    /**
     * ln x for positive normal x (NaN stays NaN): x = 2ᵏ m with m ∈ [√½, √2), f = m − 1, s = f / (2 + f),
     * ln m = f − ½f² + s(½f² + R(s²)) with e_logf's minimax R.
     */
    static void log(float[] in, int inOff, float[] out, int outOff, int count) {
        for (int o = 0; o < count; o += W) {
            FloatVector x = FloatVector.fromArray(FLOATS, in, inOff + o);
            IntVector bits = x.reinterpretAsInts();
            IntVector mantissa = bits.and(0x007fffff);
            // i = 0x800000 when m ≥ √2 (then m is halved and k bumped)
            IntVector i = mantissa.add(0x95f64 << 3).and(0x800000);
            IntVector k = bits.lanewise(VectorOperators.LSHR, 23).add(i.lanewise(VectorOperators.LSHR, 23))
                    .sub(127);
            FloatVector kf = (FloatVector) k.convert(VectorOperators.I2F, 0);
            FloatVector f = mantissa.or(i.lanewise(VectorOperators.XOR, 0x3f800000)).reinterpretAsFloats().sub(1.0f);
            FloatVector s = f.div(f.add(2.0f));
            FloatVector z = s.mul(s);
            FloatVector w = z.mul(z);
            FloatVector t1 = w.mul(LG4).add(LG2).mul(w);
            FloatVector t2 = w.mul(LG3).add(LG1).mul(z);
            FloatVector hfsq = f.mul(f).mul(0.5f);
            FloatVector tail = s.mul(hfsq.add(t2.add(t1))).add(kf.mul(LN2_LO));
            kf.mul(LN2_HI).sub(hfsq.sub(tail).sub(f)).blend(x, x.eq(x).not()).intoArray(out, outOff + o);
        }
    }

    /**
     * Box–Muller's last step in place, as {@link LaneMath#boxMuller}: (u, v) becomes (ρ cos 2πv, ρ sin 2πv) with
     * ρ = √(−2 ln u), for u ∈ (0, 1] and v ∈ [0, 1]; v = q/4 + f exactly (Sterbenz) with |2πf| ≤ π/4, where sin and
     * cos are their Taylor series to x⁹ and x¹⁰ (truncation below 3e−9).
     */
    static void boxMuller(float[] a, int uOff, int vOff, int count) {
        log(a, uOff, a, uOff, count);
        for (int o = 0; o < count; o += W) {
            FloatVector rho = FloatVector.fromArray(FLOATS, a, uOff + o).mul(-2.0f).sqrt();
            FloatVector v = FloatVector.fromArray(FLOATS, a, vOff + o);
            FloatVector q = v.mul(4.0f).add(ROUND).sub(ROUND);
            FloatVector x = v.sub(q.mul(0.25f)).mul(TWO_PI);
            FloatVector z = x.mul(x);
            FloatVector rs = z.mul(1.0f / 362880.0f).sub(1.0f / 5040.0f)
                    .fma(z, FloatVector.broadcast(FLOATS, 1.0f / 120.0f))
                    .fma(z, FloatVector.broadcast(FLOATS, -1.0f / 6.0f));
            FloatVector sin = z.mul(x).mul(rs).add(x);
            FloatVector rc = z.mul(-1.0f / 3628800.0f).add(1.0f / 40320.0f)
                    .fma(z, FloatVector.broadcast(FLOATS, -1.0f / 720.0f))
                    .fma(z, FloatVector.broadcast(FLOATS, 1.0f / 24.0f)).mul(z);
            FloatVector cos = FloatVector.broadcast(FLOATS, 1.0f).sub(z.mul(0.5f).sub(z.mul(rc)));
            VectorMask<Float> odd = q.eq(1.0f).or(q.eq(3.0f));
            VectorMask<Float> cosNegative = q.eq(1.0f).or(q.eq(2.0f));
            VectorMask<Float> sinNegative = q.eq(2.0f).or(q.eq(3.0f));
            FloatVector c = cos.blend(sin, odd);
            FloatVector s = sin.blend(cos, odd);
            rho.mul(c.blend(c.neg(), cosNegative)).intoArray(a, uOff + o);
            rho.mul(s.blend(s.neg(), sinNegative)).intoArray(a, vOff + o);
        }
    }
}
