package org.gdmc.highdim;

import org.gdmc.backend.vector.VectorSupport;

/**
 * {@link Gemm}'s two products in float32, for the blocked score's float32 path: the same contract with
 * {@value #LANES} logical lanes, lanes added pairwise ((l0 + l1) + (l2 + l3)) + … as a balanced tree, then the tail
 * by fused multiply–add; the vector and scalar implementations give the same bits.
 */
public interface GemmF32 {
    /** Logical lanes of a dot product. */
    int LANES = 16;

    /** As {@link Gemm#dots}, in float. */
    void dots(float[] a, int aOff, int aRows, float[] b, int bOff, int bRows, int d, float[] out, int outOff,
              int outStride);

    /** As {@link Gemm#accumulate}, in float. */
    void accumulate(float[] w, int wOff, int wStride, int rows, float[] b, int bOff, int bRows, int d, float[] c,
                    int cOff);

    String describe();

    /** The Vector API's when this JVM has it with 16 float lanes, else the scalar one. */
    static GemmF32 best() {
        if (VectorSupport.available()) {
            GemmF32 v = VectorGemmLoader.loadF32();
            if (v != null) {
                return v;
            }
        }
        return new ScalarGemmF32();
    }

    /** The 16 lane partials summed as a balanced pairwise tree. */
    static float laneSum(float[] l) {
        float a = ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]));
        float b = ((l[8] + l[9]) + (l[10] + l[11])) + ((l[12] + l[13]) + (l[14] + l[15]));
        return a + b;
    }
}
