package org.gdmc.highdim;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gemm} on the Vector API with 8 double lanes (AVX-512, or two 256-bit halves on Zen 4): register blocks of
 * 4 rows × 4 components for the dot products (16 accumulators, 8 loads per 16 fused multiply–adds) and 4 rows × 2
 * vectors for the accumulation. The sums run in {@link Gemm}'s order, so the bits equal {@link ScalarGemm}'s.
 */
final class VectorGemm implements Gemm {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    static boolean supported() {
        return S.length() == LANES;
    }

    @Override
    public void dots(double[] a, int aOff, int aRows, double[] b, int bOff, int bRows, int d, double[] out,
                     int outOff, int outStride) {
        int full = d - d % LANES;
        double[] lanes = new double[LANES];
        int i = 0;
        for (; i + 4 <= aRows; i += 4) {
            int a0 = aOff + i * d;
            int a1 = a0 + d;
            int a2 = a1 + d;
            int a3 = a2 + d;
            int k = 0;
            for (; k + 4 <= bRows; k += 4) {
                int b0 = bOff + k * d;
                int b1 = b0 + d;
                int b2 = b1 + d;
                int b3 = b2 + d;
                DoubleVector z = DoubleVector.zero(S);
                DoubleVector c00 = z;
                DoubleVector c01 = z;
                DoubleVector c02 = z;
                DoubleVector c03 = z;
                DoubleVector c10 = z;
                DoubleVector c11 = z;
                DoubleVector c12 = z;
                DoubleVector c13 = z;
                DoubleVector c20 = z;
                DoubleVector c21 = z;
                DoubleVector c22 = z;
                DoubleVector c23 = z;
                DoubleVector c30 = z;
                DoubleVector c31 = z;
                DoubleVector c32 = z;
                DoubleVector c33 = z;
                for (int j = 0; j < full; j += LANES) {
                    DoubleVector x0 = DoubleVector.fromArray(S, b, b0 + j);
                    DoubleVector x1 = DoubleVector.fromArray(S, b, b1 + j);
                    DoubleVector x2 = DoubleVector.fromArray(S, b, b2 + j);
                    DoubleVector x3 = DoubleVector.fromArray(S, b, b3 + j);
                    DoubleVector y0 = DoubleVector.fromArray(S, a, a0 + j);
                    c00 = y0.fma(x0, c00);
                    c01 = y0.fma(x1, c01);
                    c02 = y0.fma(x2, c02);
                    c03 = y0.fma(x3, c03);
                    DoubleVector y1 = DoubleVector.fromArray(S, a, a1 + j);
                    c10 = y1.fma(x0, c10);
                    c11 = y1.fma(x1, c11);
                    c12 = y1.fma(x2, c12);
                    c13 = y1.fma(x3, c13);
                    DoubleVector y2 = DoubleVector.fromArray(S, a, a2 + j);
                    c20 = y2.fma(x0, c20);
                    c21 = y2.fma(x1, c21);
                    c22 = y2.fma(x2, c22);
                    c23 = y2.fma(x3, c23);
                    DoubleVector y3 = DoubleVector.fromArray(S, a, a3 + j);
                    c30 = y3.fma(x0, c30);
                    c31 = y3.fma(x1, c31);
                    c32 = y3.fma(x2, c32);
                    c33 = y3.fma(x3, c33);
                }
                int o = outOff + i * outStride + k;
                out[o + 0 * outStride + 0] = finish(c00, a, a0, b, b0, full, d, lanes);
                out[o + 0 * outStride + 1] = finish(c01, a, a0, b, b1, full, d, lanes);
                out[o + 0 * outStride + 2] = finish(c02, a, a0, b, b2, full, d, lanes);
                out[o + 0 * outStride + 3] = finish(c03, a, a0, b, b3, full, d, lanes);
                out[o + 1 * outStride + 0] = finish(c10, a, a1, b, b0, full, d, lanes);
                out[o + 1 * outStride + 1] = finish(c11, a, a1, b, b1, full, d, lanes);
                out[o + 1 * outStride + 2] = finish(c12, a, a1, b, b2, full, d, lanes);
                out[o + 1 * outStride + 3] = finish(c13, a, a1, b, b3, full, d, lanes);
                out[o + 2 * outStride + 0] = finish(c20, a, a2, b, b0, full, d, lanes);
                out[o + 2 * outStride + 1] = finish(c21, a, a2, b, b1, full, d, lanes);
                out[o + 2 * outStride + 2] = finish(c22, a, a2, b, b2, full, d, lanes);
                out[o + 2 * outStride + 3] = finish(c23, a, a2, b, b3, full, d, lanes);
                out[o + 3 * outStride + 0] = finish(c30, a, a3, b, b0, full, d, lanes);
                out[o + 3 * outStride + 1] = finish(c31, a, a3, b, b1, full, d, lanes);
                out[o + 3 * outStride + 2] = finish(c32, a, a3, b, b2, full, d, lanes);
                out[o + 3 * outStride + 3] = finish(c33, a, a3, b, b3, full, d, lanes);
            }
            for (; k < bRows; k++) {
                for (int r = 0; r < 4; r++) {
                    out[outOff + (i + r) * outStride + k] = one(a, aOff + (i + r) * d, b, bOff + k * d, full, d,
                            lanes);
                }
            }
        }
        for (; i < aRows; i++) {
            for (int k = 0; k < bRows; k++) {
                out[outOff + i * outStride + k] = one(a, aOff + i * d, b, bOff + k * d, full, d, lanes);
            }
        }
    }

    private static double one(double[] a, int ai, double[] b, int bk, int full, int d, double[] lanes) {
        DoubleVector c = DoubleVector.zero(S);
        for (int j = 0; j < full; j += LANES) {
            c = DoubleVector.fromArray(S, a, ai + j).fma(DoubleVector.fromArray(S, b, bk + j), c);
        }
        return finish(c, a, ai, b, bk, full, d, lanes);
    }

    private static double finish(DoubleVector c, double[] a, int ai, double[] b, int bk, int full, int d,
                                 double[] lanes) {
        c.intoArray(lanes, 0);
        double s = Gemm.laneSum(lanes[0], lanes[1], lanes[2], lanes[3], lanes[4], lanes[5], lanes[6], lanes[7]);
        for (int j = full; j < d; j++) {
            s = Math.fma(a[ai + j], b[bk + j], s);
        }
        return s;
    }

    @Override
    public void accumulate(double[] w, int wOff, int wStride, int rows, double[] b, int bOff, int bRows, int d,
                           double[] c, int cOff) {
        int full = d - d % LANES;
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            int w0 = wOff + i * wStride;
            int c0 = cOff + i * d;
            int j = 0;
            for (; j + 2 * LANES <= full; j += 2 * LANES) {
                DoubleVector p00 = DoubleVector.fromArray(S, c, c0 + j);
                DoubleVector p01 = DoubleVector.fromArray(S, c, c0 + j + LANES);
                DoubleVector p10 = DoubleVector.fromArray(S, c, c0 + d + j);
                DoubleVector p11 = DoubleVector.fromArray(S, c, c0 + d + j + LANES);
                DoubleVector p20 = DoubleVector.fromArray(S, c, c0 + 2 * d + j);
                DoubleVector p21 = DoubleVector.fromArray(S, c, c0 + 2 * d + j + LANES);
                DoubleVector p30 = DoubleVector.fromArray(S, c, c0 + 3 * d + j);
                DoubleVector p31 = DoubleVector.fromArray(S, c, c0 + 3 * d + j + LANES);
                for (int k = 0; k < bRows; k++) {
                    int bk = bOff + k * d + j;
                    DoubleVector x0 = DoubleVector.fromArray(S, b, bk);
                    DoubleVector x1 = DoubleVector.fromArray(S, b, bk + LANES);
                    DoubleVector s = DoubleVector.broadcast(S, w[w0 + k]);
                    p00 = s.fma(x0, p00);
                    p01 = s.fma(x1, p01);
                    s = DoubleVector.broadcast(S, w[w0 + wStride + k]);
                    p10 = s.fma(x0, p10);
                    p11 = s.fma(x1, p11);
                    s = DoubleVector.broadcast(S, w[w0 + 2 * wStride + k]);
                    p20 = s.fma(x0, p20);
                    p21 = s.fma(x1, p21);
                    s = DoubleVector.broadcast(S, w[w0 + 3 * wStride + k]);
                    p30 = s.fma(x0, p30);
                    p31 = s.fma(x1, p31);
                }
                p00.intoArray(c, c0 + j);
                p01.intoArray(c, c0 + j + LANES);
                p10.intoArray(c, c0 + d + j);
                p11.intoArray(c, c0 + d + j + LANES);
                p20.intoArray(c, c0 + 2 * d + j);
                p21.intoArray(c, c0 + 2 * d + j + LANES);
                p30.intoArray(c, c0 + 3 * d + j);
                p31.intoArray(c, c0 + 3 * d + j + LANES);
            }
            for (int r = 0; r < 4; r++) {
                rowFrom(w, w0 + r * wStride, b, bOff, bRows, d, c, c0 + r * d, j, full);
            }
        }
        for (; i < rows; i++) {
            rowFrom(w, wOff + i * wStride, b, bOff, bRows, d, c, cOff + i * d, 0, full);
        }
    }

    /** One row from column j0 on: full vectors up to {@code full}, then the scalar tail. */
    private static void rowFrom(double[] w, int wi, double[] b, int bOff, int bRows, int d, double[] c, int ci,
                                int j0, int full) {
        int j = j0;
        for (; j < full; j += LANES) {
            DoubleVector p = DoubleVector.fromArray(S, c, ci + j);
            for (int k = 0; k < bRows; k++) {
                p = DoubleVector.broadcast(S, w[wi + k]).fma(DoubleVector.fromArray(S, b, bOff + k * d + j), p);
            }
            p.intoArray(c, ci + j);
        }
        for (; j < d; j++) {
            double p = c[ci + j];
            for (int k = 0; k < bRows; k++) {
                p = Math.fma(w[wi + k], b[bOff + k * d + j], p);
            }
            c[ci + j] = p;
        }
    }

    @Override
    public void exp(double[] in, double[] out, int count) {
        org.gdmc.backend.vector.VectorExp.exp(in, 0, out, 0, count);
    }

    @Override
    public String describe() {
        return "vector lanes (" + LANES + " x double)";
    }
}
