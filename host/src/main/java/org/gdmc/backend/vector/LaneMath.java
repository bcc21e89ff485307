package org.gdmc.backend.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.gdmc.kernel.KernelMath;

/**
 * exp, log and (cos, sin)(2πv) on a row of lanes (count entries, a multiple of the vector width), in plain lane
 * arithmetic, reading and writing lane arrays: a vector never crosses the call, so nothing is boxed whether or not the
 * JIT inlines it, and the row's vectors are independent, so their latency chains overlap. The reductions and
 * polynomials are fdlibm's (e_exp, e_log, k_sin, k_cos), the constants {@link KernelMath}'s (the device's float64
 * kernels evaluate the same algorithms without fused multiply-adds); the results are within 2 ulp of
 * {@link StrictMath} on the ranges stated (LaneMathTest).
 */
final class LaneMath {
    private static final double LN2_HI = KernelMath.LN2_HI;
    private static final double LN2_LO = KernelMath.LN2_LO;
    private static final double LOG2_E = KernelMath.LOG2_E;
    /** Adding then subtracting 1.5·2⁵² rounds a double of magnitude below 2⁵¹ to the nearest integer. */
    private static final double ROUND = KernelMath.ROUND;
    private static final double EXP_MIN = -708.0;
    private static final double EXP_MAX = 709.0;
    private static final double TWO_PI = 2.0 * Math.PI;
    /** The bits of the double 2⁵²: or-ing an integer below 2⁵² into its mantissa gives 2⁵² + that integer. */
    private static final long EXPONENT_52 = 0x4330000000000000L;
    private static final double TWO_POW_52 = 0x1.0p52;

    private static final double LG1 = KernelMath.LG1;
    private static final double LG2 = KernelMath.LG2;
    private static final double LG3 = KernelMath.LG3;
    private static final double LG4 = KernelMath.LG4;
    private static final double LG5 = KernelMath.LG5;
    private static final double LG6 = KernelMath.LG6;
    private static final double LG7 = KernelMath.LG7;

    private static final double S1 = KernelMath.S1;
    private static final double S2 = KernelMath.S2;
    private static final double S3 = KernelMath.S3;
    private static final double S4 = KernelMath.S4;
    private static final double S5 = KernelMath.S5;
    private static final double S6 = KernelMath.S6;

    private static final double C1 = KernelMath.C1;
    private static final double C2 = KernelMath.C2;
    private static final double C3 = KernelMath.C3;
    private static final double C4 = KernelMath.C4;
    private static final double C5 = KernelMath.C5;
    private static final double C6 = KernelMath.C6;

    private static final VectorSpecies<Double> S = PhiloxLanes.DOUBLES;
    private static final int W = S.length();

    private LaneMath() {
    }

    /**
     * eˣ for x clamped to [−708, 709] (so e⁻⁷⁰⁸ ≈ 3e−308 stands for anything smaller and nothing overflows); NaN stays
     * NaN. x = k ln 2 + r with |r| ≤ ½ ln 2, eʳ by its Taylor series to r¹³ (truncation below 5e−18), times 2ᵏ.
     */
    static void exp(double[] in, int inOff, double[] out, int outOff, int count) {
        for (int o = 0; o < count; o += W) {
            DoubleVector x = DoubleVector.fromArray(S, in, inOff + o);
            // compare and blend, cheaper than max/min with their NaN rules; a NaN lane stays NaN
            DoubleVector c = x.blend(EXP_MIN, x.lt(EXP_MIN)).blend(EXP_MAX, x.lt(EXP_MAX).not().and(x.eq(x)));
            DoubleVector k = c.mul(LOG2_E).add(ROUND).sub(ROUND);
            DoubleVector r = k.fma(DoubleVector.broadcast(S, -LN2_HI), c).sub(k.mul(LN2_LO));
            DoubleVector p = r.mul(1.0 / 6227020800.0).add(1.0 / 479001600.0);
            p = p.fma(r, DoubleVector.broadcast(S, 1.0 / 39916800.0));
            p = p.fma(r, DoubleVector.broadcast(S, 1.0 / 3628800.0));
            p = p.fma(r, DoubleVector.broadcast(S, 1.0 / 362880.0));
            p = p.fma(r, DoubleVector.broadcast(S, 1.0 / 40320.0));
            p = p.fma(r, DoubleVector.broadcast(S, 1.0 / 5040.0));
            p = p.fma(r, DoubleVector.broadcast(S, 1.0 / 720.0));
            p = p.fma(r, DoubleVector.broadcast(S, 1.0 / 120.0));
            p = p.fma(r, DoubleVector.broadcast(S, 1.0 / 24.0));
            p = p.fma(r, DoubleVector.broadcast(S, 1.0 / 6.0));
            p = p.fma(r, DoubleVector.broadcast(S, 0.5));
            p = p.fma(r, DoubleVector.broadcast(S, 1.0));
            p = p.fma(r, DoubleVector.broadcast(S, 1.0));
            // 2^k: k + 1023 + 2^52 holds k + 1023 in its low mantissa bits; shifted into the exponent field (a NaN
            // lane's p is NaN, and so is its product with whatever the scale's bits make)
            LongVector scale = k.add(1023.0 + 0x1.0p52).reinterpretAsLongs().lanewise(VectorOperators.LSHL, 52);
            p.mul(scale.reinterpretAsDoubles()).intoArray(out, outOff + o);
        }
    }

    /**
     * ln x for positive normal x (NaN stays NaN): x = 2ᵏ m with m ∈ [√½, √2), f = m − 1, s = f / (2 + f),
     * ln m = 2 artanh s = f − ½f² + s(½f² + R(s²)) with fdlibm's minimax R.
     */
    static void log(double[] in, int inOff, double[] out, int outOff, int count) {
        for (int o = 0; o < count; o += W) {
            DoubleVector x = DoubleVector.fromArray(S, in, inOff + o);
            LongVector bits = x.reinterpretAsLongs();
            LongVector high = bits.lanewise(VectorOperators.LSHR, 32);
            LongVector mantissaHigh = high.and(0x000fffffL);
            // i = 0x100000 when m ≥ √2 (then m is halved and k bumped)
            LongVector i = mantissaHigh.add(0x95f64L).and(0x100000L);
            LongVector k = high.lanewise(VectorOperators.LSHR, 20).add(i.lanewise(VectorOperators.LSHR, 20));
            LongVector mBits = mantissaHigh.or(i.lanewise(VectorOperators.XOR, 0x3ff00000L))
                    .lanewise(VectorOperators.LSHL, 32).or(bits.and(0xffffffffL));
            DoubleVector kd = exact(k).sub(1023.0);
            DoubleVector f = mBits.reinterpretAsDoubles().sub(1.0);
            DoubleVector s = f.div(f.add(2.0));
            DoubleVector z = s.mul(s);
            DoubleVector w = z.mul(z);
            DoubleVector t1 = w.mul(LG6).add(LG4).fma(w, DoubleVector.broadcast(S, LG2)).mul(w);
            DoubleVector t2 = w.mul(LG7).add(LG5).fma(w, DoubleVector.broadcast(S, LG3))
                    .fma(w, DoubleVector.broadcast(S, LG1)).mul(z);
            DoubleVector r = t2.add(t1);
            DoubleVector hfsq = f.mul(f).mul(0.5);
            DoubleVector tail = s.mul(hfsq.add(r)).add(kd.mul(LN2_LO));
            kd.mul(LN2_HI).sub(hfsq.sub(tail).sub(f)).blend(x, x.eq(x).not()).intoArray(out, outOff + o);
        }
    }

    /** The lanes' integers in [0, 2⁵²) as doubles, exactly (AVX2 has no 64-bit integer to double conversion). */
    static DoubleVector exact(LongVector w) {
        return w.or(EXPONENT_52).reinterpretAsDoubles().sub(TWO_POW_52);
    }

    /**
     * Box–Muller's last step in place: (u, v) at (a[uOff + l], a[vOff + l]) becomes (ρ cos 2πv, ρ sin 2πv) with
     * ρ = √(−2 ln u), for u ∈ (0, 1] and v ∈ [0, 1]. v = q/4 + f exactly, with q the nearest quarter and |f| ≤ ⅛, so
     * 2πf ∈ [−π/4, π/4] where the fdlibm kernels hold; the quarter turn q swaps and signs them.
     */
    static void boxMuller(double[] a, int uOff, int vOff, int count) {
        log(a, uOff, a, uOff, count);
        for (int o = 0; o < count; o += W) {
            DoubleVector rho = DoubleVector.fromArray(S, a, uOff + o).mul(-2.0).sqrt();
            DoubleVector v = DoubleVector.fromArray(S, a, vOff + o);
            DoubleVector q = v.mul(4.0).add(ROUND).sub(ROUND);
            DoubleVector x = v.sub(q.mul(0.25)).mul(TWO_PI);
            DoubleVector z = x.mul(x);
            DoubleVector rs = z.mul(S6).add(S5).fma(z, DoubleVector.broadcast(S, S4))
                    .fma(z, DoubleVector.broadcast(S, S3)).fma(z, DoubleVector.broadcast(S, S2));
            DoubleVector sin = z.mul(x).mul(rs.fma(z, DoubleVector.broadcast(S, S1))).add(x);
            DoubleVector rc = z.mul(C6).add(C5).fma(z, DoubleVector.broadcast(S, C4))
                    .fma(z, DoubleVector.broadcast(S, C3)).fma(z, DoubleVector.broadcast(S, C2))
                    .fma(z, DoubleVector.broadcast(S, C1)).mul(z);
            DoubleVector cos = DoubleVector.broadcast(S, 1.0).sub(z.mul(0.5).sub(z.mul(rc)));
            VectorMask<Double> odd = q.eq(1.0).or(q.eq(3.0));
            VectorMask<Double> cosNegative = q.eq(1.0).or(q.eq(2.0));
            VectorMask<Double> sinNegative = q.eq(2.0).or(q.eq(3.0));
            DoubleVector c = cos.blend(sin, odd);
            DoubleVector s = sin.blend(cos, odd);
            rho.mul(c.blend(c.neg(), cosNegative)).intoArray(a, uOff + o);
            rho.mul(s.blend(s.neg(), sinNegative)).intoArray(a, vOff + o);
        }
    }
}
