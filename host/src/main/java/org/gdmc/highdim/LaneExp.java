package org.gdmc.highdim;

import org.gdmc.kernel.KernelMath;

/**
 * The scalar twin of the vector lanes' exp ({@link org.gdmc.backend.vector.VectorExp}): x clamped to [−708, 709]
 * (NaN stays NaN), k = round(x log₂e), r = fma(k, −ln2_hi, x) − k ln2_lo, eʳ by its Taylor series to r¹³ in Horner
 * form by fused multiply–add, times 2ᵏ built in the exponent bits; the same operations in the same order as the
 * vector code, so the scalar fallback and the Vector API give the same bits (within 1 ulp of eˣ).
 */
public final class LaneExp {
    private static final double EXP_MIN = -708.0;
    private static final double EXP_MAX = 709.0;

    private LaneExp() {
    }

    public static double scalar(double x) {
        double c = x < EXP_MIN ? EXP_MIN : x;
        c = !(x < EXP_MAX) && x == x ? EXP_MAX : c;
        double k = (c * KernelMath.LOG2_E + KernelMath.ROUND) - KernelMath.ROUND;
        double r = Math.fma(k, -KernelMath.LN2_HI, c) - k * KernelMath.LN2_LO;
        double p = r * (1.0 / 6227020800.0) + 1.0 / 479001600.0;
        p = Math.fma(p, r, 1.0 / 39916800.0);
        p = Math.fma(p, r, 1.0 / 3628800.0);
        p = Math.fma(p, r, 1.0 / 362880.0);
        p = Math.fma(p, r, 1.0 / 40320.0);
        p = Math.fma(p, r, 1.0 / 5040.0);
        p = Math.fma(p, r, 1.0 / 720.0);
        p = Math.fma(p, r, 1.0 / 120.0);
        p = Math.fma(p, r, 1.0 / 24.0);
        p = Math.fma(p, r, 1.0 / 6.0);
        p = Math.fma(p, r, 0.5);
        p = Math.fma(p, r, 1.0);
        p = Math.fma(p, r, 1.0);
        long scale = Double.doubleToRawLongBits(k + (1023.0 + 0x1.0p52)) << 52;
        return p * Double.longBitsToDouble(scale);
    }

    /** out[i] = e^{in[i]} for i &lt; count. */
    public static void scalar(double[] in, int inOff, double[] out, int outOff, int count) {
        for (int i = 0; i < count; i++) {
            out[outOff + i] = scalar(in[inOff + i]);
        }
    }
}
