package org.gdmc.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.gdmc.rng.NormalVariates;
import org.gdmc.mixture.NormalIntervals;
import org.gdmc.testing.Tolerances;
import org.junit.jupiter.api.Test;

/** k-d tree neighbours against brute force; the Kozachenko–Leonenko entropy on laws of known entropy. */
class KnnEntropyTest {
    /** n standard normal points in d dimensions (Philox stream 13). */
    private static double[] normals(int n, int d) {
        double[] out = new double[n * d];
        long[] words = new long[4];
        for (int i = 0; i < n; i++) {
            NormalVariates.fill(13L, i, 0, out, i * d, d, words);
        }
        return out;
    }

    private static double phi(double x) {
        return 0.5 * (1 + NormalIntervals.erf(x / Math.sqrt(2)));
    }

    @Test
    void treeNeighboursEqualBruteForce() {
        for (int d : new int[] {1, 2, 5}) {
            int n = 1500;
            double[] p = normals(n, d);
            // a few coincident points and a coordinate shared by many
            System.arraycopy(p, 0, p, 7 * d, d);
            for (int i = 100; i < 200; i++) {
                p[i * d] = 0.25;
            }
            KdTree tree = new KdTree(p, n, d);
            for (int k : new int[] {1, 3, 8}) {
                double[] heap = new double[k];
                for (int q = 0; q < n; q++) {
                    double[] all = new double[n - 1];
                    int m = 0;
                    for (int i = 0; i < n; i++) {
                        if (i != q) {
                            double s = 0;
                            for (int j = 0; j < d; j++) {
                                s += (p[i * d + j] - p[q * d + j]) * (p[i * d + j] - p[q * d + j]);
                            }
                            all[m++] = s;
                        }
                    }
                    Arrays.sort(all);
                    assertEquals(all[k - 1], tree.kthNeighbourDistanceSquared(q, k, heap), 0.0,
                            "d=" + d + ", k=" + k + ", point " + q);
                }
            }
        }
    }

    @Test
    void specialFunctionsHitKnownValues() {
        assertEquals(0.5 * Math.log(Math.PI), SpecialFunctions.logGamma(0.5), 1e-14);
        assertEquals(Math.log(3628800.0), SpecialFunctions.logGamma(11.0), 1e-13);
        assertEquals(0.0, SpecialFunctions.logGamma(1.0), 1e-15);
        double gamma = 0.5772156649015329;
        assertEquals(-gamma, SpecialFunctions.digamma(1.0), 1e-13);
        assertEquals(-gamma - 2 * Math.log(2), SpecialFunctions.digamma(0.5), 1e-13);
        assertEquals(-gamma + 1 + 0.5 + 1.0 / 3, SpecialFunctions.digamma(4.0), 1e-13);
    }

    /**
     * N(0, I_d) in d = 1, 2, 5: H = (d/2) log(2πe) within 5 s.e.; below that by at most a further 0.01·d, an allowance
     * for the estimator's bias on a curved density, which is negative and grows with d (measured here: −0.002 at
     * d = 2 and −0.029 at d = 5 with k = 4, at n = 2^17).
     */
    @Test
    void gaussianEntropyInDimensions1To5() {
        int n = 1 << 17;
        for (int d : new int[] {1, 2, 5}) {
            for (int k : new int[] {1, 4}) {
                KnnEntropy.Result r = KnnEntropy.estimate(normals(n, d), n, d, k);
                double exact = 0.5 * d * Math.log(2 * Math.PI * Math.E);
                System.out.printf("k-NN entropy, N(0, I_%d), k=%d, n=%d: %.5f ± %.5f (exact %.5f)%n", d, k, n,
                        r.value(), r.stdError(), exact);
                assertTrue(r.value() < exact + Tolerances.SIGMAS * r.stdError(), "d=" + d + ", k=" + k);
                assertTrue(r.value() > exact - Tolerances.SIGMAS * r.stdError() - 0.01 * d, "d=" + d + ", k=" + k);
                assertEquals(0, r.coincident());
                assertEquals(n, r.count());
            }
        }
    }

    /**
     * U[0, 1]^d in d = 1, 2, 5: H = 0. The boundary biases the estimate upwards: a ball of radius ε cut by m faces
     * keeps at least 2^{−m} of its volume, so the bias is at most log 2 · E[faces within ε] ≤ log 2 · 2d · E[ε], with
     * E[ε] = Γ(1 + 1/d) (n V_d)^{−1/d} the mean nearest-neighbour distance of n uniform points (k = 1).
     */
    @Test
    void uniformEntropyWithItsBoundaryBias() {
        int n = 1 << 17;
        for (int d : new int[] {1, 2, 5}) {
            double[] p = normals(n, d);
            for (int i = 0; i < p.length; i++) {
                p[i] = phi(p[i]);
            }
            KnnEntropy.Result r = KnnEntropy.estimate(p, n, d, 1);
            double logBall = 0.5 * d * Math.log(Math.PI) - SpecialFunctions.logGamma(0.5 * d + 1);
            double meanRadius = Math.exp(SpecialFunctions.logGamma(1 + 1.0 / d) - (Math.log(n) + logBall) / d);
            double bound = Math.log(2) * 2 * d * meanRadius;
            System.out.printf("k-NN entropy, U[0,1]^%d, k=1, n=%d: %.5f ± %.5f (exact 0, boundary bias <= %.5f)%n", d,
                    n, r.value(), r.stdError(), bound);
            assertTrue(r.value() > -Tolerances.SIGMAS * r.stdError(), "d=" + d + ": " + r);
            assertTrue(r.value() < Tolerances.SIGMAS * r.stdError() + bound, "d=" + d + ": " + r);
        }
    }

    /** Coincident points are left out and counted, not turned into −∞. */
    @Test
    void coincidentPointsAreCounted() {
        int n = 1000;
        double[] p = normals(n, 2);
        System.arraycopy(p, 0, p, 2, 2);
        KnnEntropy.Result r = KnnEntropy.estimate(p, n, 2, 1);
        assertEquals(2, r.coincident());
        assertEquals(n - 2, r.count());
        assertTrue(Double.isFinite(r.value()));
    }
}
