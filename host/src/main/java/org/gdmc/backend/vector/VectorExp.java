package org.gdmc.backend.vector;

/**
 * eˣ over an array on the Vector API ({@link LaneMath#exp}: x clamped to [−708, 709], Cody–Waite reduction, Taylor
 * series to r¹³, 2ᵏ by exponent bits), for code outside this package; {@code org.gdmc.highdim.LaneExp#scalar} is its
 * scalar twin, the same operations in the same order, so the two give the same bits.
 */
public final class VectorExp {
    private VectorExp() {
    }

    /**
     * out[outOff + i] = e^{in[inOff + i]} for i &lt; count; whole vectors are read and written, so both arrays must
     * reach the count rounded up to the vector length.
     */
    public static void exp(double[] in, int inOff, double[] out, int outOff, int count) {
        LaneMath.exp(in, inOff, out, outOff, count);
    }
}
