package org.gdmc.highdim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.gdmc.kernel.ScorePass;
import org.gdmc.mixture.Component;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.mixture.MixtureScore;
import org.gdmc.rng.NormalVariates;
import org.junit.jupiter.api.Test;

/**
 * The blocked score against today's general mixture code (full covariances, one component at a time) in small d,
 * and against direct evaluation of the closed forms in d = 4096; the vector and scalar products give the same bits.
 */
class BlockScoreTest {
    /** A small mixture of each form, its twin as general components, and points to evaluate at. */
    static LargeMixture small(CovarianceForm form, int d, int kCount, int classes, int rank, long seed) {
        return small(form, d, kCount, classes, rank, seed, 2.0);
    }

    /** Means of scale {@code spread} per coordinate. */
    static LargeMixture small(CovarianceForm form, int d, int kCount, int classes, int rank, long seed,
                              double spread) {
        double[] mu = new double[kCount * d];
        double[] z = new double[kCount * d + kCount + d + kCount * rank * d + kCount * rank];
        long[] words = new long[4];
        NormalVariates.fill(seed, 0, 0, z, 0, z.length, words);
        int at = 0;
        for (int i = 0; i < mu.length; i++) {
            mu[i] = spread * z[at++];
        }
        double[] w = new double[kCount];
        int[] cls = new int[kCount];
        double[] s2 = new double[kCount];
        for (int k = 0; k < kCount; k++) {
            w[k] = 0.5 + Math.abs(z[at++]);
            cls[k] = (k * 7) % classes;
            s2[k] = 0.3 + 0.1 * k;
        }
        double[] diag = new double[d];
        for (int j = 0; j < d; j++) {
            diag[j] = 0.2 + Math.abs(z[at++]);
        }
        double[] q = new double[kCount * rank * d];
        for (int i = 0; i < q.length; i++) {
            q[i] = z[at++];
        }
        LargeMixture.orthonormalise(q, kCount, rank, d);
        double[] lam = new double[kCount * rank];
        for (int i = 0; i < lam.length; i++) {
            lam[i] = 0.5 + z[at++] * z[at - 1];
        }
        return LargeMixture.of(d, cls, w, mu, form, s2, diag, rank, q, lam);
    }

    /** The same law as general components (in the mixture's class-sorted order). */
    static Mixture general(LargeMixture m) {
        int d = m.dimension();
        List<Component> list = new ArrayList<>();
        for (int k = 0; k < m.components(); k++) {
            double[] mean = java.util.Arrays.copyOfRange(m.means(), k * d, (k + 1) * d);
            double[][] cov = new double[d][d];
            for (int i = 0; i < d; i++) {
                if (m.form() == CovarianceForm.SHARED_DIAGONAL) {
                    cov[i][i] = m.diagonal(i);
                } else {
                    cov[i][i] = m.scale2(k);
                }
                for (int r = 0; r < m.rank(); r++) {
                    for (int j = 0; j < d; j++) {
                        double qi = m.factors()[(k * m.rank() + r) * d + i];
                        double qj = m.factors()[(k * m.rank() + r) * d + j];
                        cov[i][j] += m.factorVariance(k, r) * qi * qj;
                    }
                }
            }
            list.add(new GaussianComponent(m.classOf(k), Math.exp(m.logWeight(k)), mean, cov));
        }
        return Mixture.of(list);
    }

    @Test
    void everyFormAgreesWithTheGeneralCodeInSmallDimension() {
        for (CovarianceForm form : CovarianceForm.values()) {
            int d = 5;
            LargeMixture m = small(form, d, 300, 3, form == CovarianceForm.LOW_RANK ? 2 : 0, 11L);
            Mixture g = general(m);
            int rows = 7;
            double[] y = new double[rows * d];
            NormalVariates.fill(3L, 0, 0, y, 0, y.length, new long[4]);
            for (int i = 0; i < y.length; i++) {
                y[i] *= 3.0;
            }
            int p = ScorePass.length(d);
            for (int cls = 0; cls < 3; cls++) {
                BlockScore block = new BlockScore(m, cls, 8, Gemm.best());
                for (double[] at : new double[][] {{0.9, 0.19}, {0.3, 0.91}, {1.0, 0.0}}) {
                    double[] pass = new double[rows * p];
                    block.evaluate(at[0], at[1], y, 0, rows, pass, 0, p);
                    double[] ref = new double[p];
                    for (int b = 0; b < rows; b++) {
                        MixtureScore.evaluate(g.packedParams(), g.packedMeta(), cls, at[0], at[1], y, b * d, ref, 0);
                        for (int j = 2 * d; j < 5 * d; j++) {
                            assertEquals(ref[j], pass[b * p + j], 1e-13 * (1 + Math.abs(ref[j])),
                                    form + " cls " + cls + " t " + at[0] + " row " + b + " slot " + j);
                        }
                        double logit = ScorePass.classLogit(ref, 0, d);
                        assertEquals(logit, ScorePass.classLogit(pass, b * p, d), 1e-12 * (1 + Math.abs(logit)),
                                form + " logit");
                    }
                }
            }
        }
    }

    @Test
    void blockingAndTheVectorLanesDoNotChangeABit() {
        int d = 37;
        LargeMixture m = small(CovarianceForm.LOW_RANK, d, 300, 4, 3, 5L);
        int rows = 11;
        double[] y = new double[rows * d];
        NormalVariates.fill(9L, 0, 0, y, 0, y.length, new long[4]);
        int p = ScorePass.length(d);
        double[] all = new double[rows * p];
        new BlockScore(m, 1, 16, Gemm.best()).evaluate(0.7, 0.5, y, 0, rows, all, 0, p);
        double[] scalar = new double[rows * p];
        new BlockScore(m, 1, 16, new ScalarGemm()).evaluate(0.7, 0.5, y, 0, rows, scalar, 0, p);
        BlockScore one = new BlockScore(m, 1, 1, new ScalarGemm());
        for (int b = 0; b < rows; b++) {
            double[] single = new double[p];
            one.evaluate(0.7, 0.5, y, b * d, 1, single, 0, p);
            for (int j = 2 * d; j < p - 3; j++) {
                assertEquals(single[j], all[b * p + j], 0.0, "row " + b + " slot " + j);
                assertEquals(single[j], scalar[b * p + j], 0.0, "scalar row " + b + " slot " + j);
            }
        }
    }

    @Test
    void closedFormsAgreeWithDirectEvaluationInDimension4096() {
        int d = 4096;
        for (CovarianceForm form : CovarianceForm.values()) {
            int rank = form == CovarianceForm.LOW_RANK ? 4 : 0;
            LargeMixture m = small(form, d, 6, 2, rank, 21L, 0.1);
            int rows = 3;
            double[] y = new double[rows * d];
            NormalVariates.fill(4L, 0, 0, y, 0, y.length, new long[4]);
            for (int i = 0; i < y.length; i++) {
                y[i] = 0.8 * m.means()[i % (6 * d)] + 0.9 * y[i];
            }
            double alpha = 0.8;
            double sigma2 = 0.36;
            int p = ScorePass.length(d);
            double[] pass = new double[rows * p];
            new BlockScore(m, 0, rows, Gemm.best()).evaluate(alpha, sigma2, y, 0, rows, pass, 0, p);
            for (int b = 0; b < rows; b++) {
                double[][] direct = Direct.scores(m, 0, alpha, sigma2, y, b * d);
                for (int j = 0; j < d; j++) {
                    assertEquals(direct[0][j], pass[b * p + ScorePass.conditional(d) + j],
                            1e-10 * (1 + Math.abs(direct[0][j])), form + " s_c");
                    assertEquals(direct[1][j], pass[b * p + ScorePass.unconditional(d) + j],
                            1e-10 * (1 + Math.abs(direct[1][j])), form + " s_u");
                }
                double logit = direct[2][0];
                assertEquals(logit, ScorePass.classLogit(pass, b * p, d), 1e-9 * (1 + Math.abs(logit)), form + "");
                assertTrue(Double.isFinite(logit));
            }
        }
    }

    @Test
    void float32ProductsStayWithinFloatRoundingAndKeepTheirBitsUnderBlocking() {
        for (CovarianceForm form : CovarianceForm.values()) {
            int d = 100;
            LargeMixture m = small(form, d, 260, 3, form == CovarianceForm.LOW_RANK ? 2 : 0, 8L, 0.3);
            int rows = 9;
            double[] y = new double[rows * d];
            NormalVariates.fill(6L, 0, 0, y, 0, y.length, new long[4]);
            int p = ScorePass.length(d);
            double[] ref = new double[rows * p];
            new BlockScore(m, 2, 16, Gemm.best()).evaluate(0.6, 0.64, y, 0, rows, ref, 0, p);
            double[] f32 = new double[rows * p];
            new BlockScore(m, 2, 16, Gemm.best(), GemmF32.best()).evaluate(0.6, 0.64, y, 0, rows, f32, 0, p);
            double[] scalar = new double[rows * p];
            new BlockScore(m, 2, 16, new ScalarGemm(), new ScalarGemmF32()).evaluate(0.6, 0.64, y, 0, rows, scalar,
                    0, p);
            BlockScore one = new BlockScore(m, 2, 1, Gemm.best(), GemmF32.best());
            double worst = 0.0;
            for (int b = 0; b < rows; b++) {
                double[] single = new double[p];
                one.evaluate(0.6, 0.64, y, b * d, 1, single, 0, p);
                for (int j = 2 * d; j < p - 3; j++) {
                    assertEquals(single[j], f32[b * p + j], 0.0, form + " row " + b + " slot " + j);
                    assertEquals(scalar[b * p + j], f32[b * p + j], 0.0, form + " scalar row " + b + " slot " + j);
                    worst = Math.max(worst, Math.abs(ref[b * p + j] - f32[b * p + j]) / (1 + Math.abs(ref[b * p + j])));
                }
            }
            // float's unit roundoff is 6e-8; the products of d = 100 terms of size ~1 lose a few hundred of them
            assertTrue(worst < 1e-4 && worst > 0, form + ": float32 products off by " + worst);
        }
    }
}
