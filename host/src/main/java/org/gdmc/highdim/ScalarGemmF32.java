package org.gdmc.highdim;

/** {@link GemmF32} in plain Java: the reference order of summation. */
public final class ScalarGemmF32 implements GemmF32 {
    @Override
    public void dots(float[] a, int aOff, int aRows, float[] b, int bOff, int bRows, int d, float[] out, int outOff,
                     int outStride) {
        int full = d - d % LANES;
        float[] lane = new float[LANES];
        for (int i = 0; i < aRows; i++) {
            int ai = aOff + i * d;
            for (int k = 0; k < bRows; k++) {
                int bk = bOff + k * d;
                java.util.Arrays.fill(lane, 0f);
                for (int j = 0; j < full; j += LANES) {
                    for (int l = 0; l < LANES; l++) {
                        lane[l] = Math.fma(a[ai + j + l], b[bk + j + l], lane[l]);
                    }
                }
                float s = GemmF32.laneSum(lane);
                for (int j = full; j < d; j++) {
                    s = Math.fma(a[ai + j], b[bk + j], s);
                }
                out[outOff + i * outStride + k] = s;
            }
        }
    }

    @Override
    public void accumulate(float[] w, int wOff, int wStride, int rows, float[] b, int bOff, int bRows, int d,
                           float[] c, int cOff) {
        for (int i = 0; i < rows; i++) {
            int ci = cOff + i * d;
            for (int k = 0; k < bRows; k++) {
                float wk = w[wOff + i * wStride + k];
                int bk = bOff + k * d;
                for (int j = 0; j < d; j++) {
                    c[ci + j] = Math.fma(wk, b[bk + j], c[ci + j]);
                }
            }
        }
    }

    @Override
    public String describe() {
        return "scalar, float32";
    }
}
