package org.gdmc.highdim;

/** {@link Gemm} in plain Java: the reference order of summation, written out. */
public final class ScalarGemm implements Gemm {
    @Override
    public void dots(double[] a, int aOff, int aRows, double[] b, int bOff, int bRows, int d, double[] out,
                     int outOff, int outStride) {
        int full = d - d % LANES;
        double[] lane = new double[LANES];
        for (int i = 0; i < aRows; i++) {
            int ai = aOff + i * d;
            for (int k = 0; k < bRows; k++) {
                int bk = bOff + k * d;
                java.util.Arrays.fill(lane, 0.0);
                for (int j = 0; j < full; j += LANES) {
                    for (int l = 0; l < LANES; l++) {
                        lane[l] = Math.fma(a[ai + j + l], b[bk + j + l], lane[l]);
                    }
                }
                double s = Gemm.laneSum(lane[0], lane[1], lane[2], lane[3], lane[4], lane[5], lane[6], lane[7]);
                for (int j = full; j < d; j++) {
                    s = Math.fma(a[ai + j], b[bk + j], s);
                }
                out[outOff + i * outStride + k] = s;
            }
        }
    }

    @Override
    public void accumulate(double[] w, int wOff, int wStride, int rows, double[] b, int bOff, int bRows, int d,
                           double[] c, int cOff) {
        for (int i = 0; i < rows; i++) {
            int ci = cOff + i * d;
            for (int k = 0; k < bRows; k++) {
                double wk = w[wOff + i * wStride + k];
                int bk = bOff + k * d;
                for (int j = 0; j < d; j++) {
                    c[ci + j] = Math.fma(wk, b[bk + j], c[ci + j]);
                }
            }
        }
    }

    @Override
    public void exp(double[] in, double[] out, int count) {
        LaneExp.scalar(in, 0, out, 0, count);
    }

    @Override
    public String describe() {
        return "scalar";
    }
}
