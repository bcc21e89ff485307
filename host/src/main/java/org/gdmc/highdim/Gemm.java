package org.gdmc.highdim;

import org.gdmc.backend.vector.VectorSupport;

/**
 * The two matrix products the blocked score is made of, with one fixed order of summation so that every
 * implementation (the Vector API's, the scalar one) gives the same bits, whatever the blocking around it:
 * <ul>
 *   <li>{@link #dots}: D = A Bᵀ, each entry a_i · b_j summed in {@value #LANES} logical lanes (lane l takes the
 *       terms j ≡ l mod {@value #LANES} below the last full group, in increasing j, by fused multiply–add), the lanes
 *       added as ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)), then the tail terms in increasing j by fused
 *       multiply–add;</li>
 *   <li>{@link #accumulate}: C += W B, each entry updated by fused multiply–add over k in increasing order.</li>
 * </ul>
 */
public interface Gemm {
    /** Logical lanes of a dot product. */
    int LANES = 8;

    /**
     * out[outOff + i·outStride + j] = a_i · b_j for i &lt; aRows, j &lt; bRows, with a_i at a[aOff + i d ..) and b_j at
     * b[bOff + j d ..).
     */
    void dots(double[] a, int aOff, int aRows, double[] b, int bOff, int bRows, int d, double[] out, int outOff,
              int outStride);

    /**
     * c[cOff + i d + j] += Σ_{k &lt; bRows} w[wOff + i wStride + k] · b[bOff + k d + j] for i &lt; rows, j &lt; d.
     */
    void accumulate(double[] w, int wOff, int wStride, int rows, double[] b, int bOff, int bRows, int d, double[] c,
                    int cOff);

    /**
     * out[i] = e^{in[i]} for i &lt; count, in {@link LaneExp}'s arithmetic (every implementation gives its bits); both
     * arrays must reach count rounded up to a multiple of {@value #LANES}.
     */
    void exp(double[] in, double[] out, int count);

    /** Which implementation, for the record (e.g. "vector lanes (8 x double)"). */
    String describe();

    /** The Vector API's when this JVM has it with 8 double lanes, else the scalar one; both give the same bits. */
    static Gemm best() {
        if (VectorSupport.available()) {
            Gemm v = VectorGemmLoader.load();
            if (v != null) {
                return v;
            }
        }
        return new ScalarGemm();
    }

    /** Sums eight lane partials in the fixed order. */
    static double laneSum(double l0, double l1, double l2, double l3, double l4, double l5, double l6, double l7) {
        return ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7));
    }
}
