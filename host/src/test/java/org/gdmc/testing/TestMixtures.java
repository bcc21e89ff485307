package org.gdmc.testing;

import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.gdmc.kernel.ScorePass;
import org.gdmc.mixture.Mixture;
import org.gdmc.mixture.Component;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.MixtureScore;

/** Mixtures used across tests, and an independent density evaluation by direct inversion (test side only). */
public final class TestMixtures {
    private TestMixtures() {
    }

    /** Two unit-variance components at ±μ, one per class, equal weights. */
    public static Mixture symmetricPair(double[] mu) {
        double[] minus = new double[mu.length];
        for (int i = 0; i < mu.length; i++) {
            minus[i] = -mu[i];
        }
        return Mixture.of(List.of(
                GaussianComponent.isotropic(0, 0.5, mu.clone(), 1.0),
                GaussianComponent.isotropic(1, 0.5, minus, 1.0)));
    }

    /** d = 3, K = 4, three classes (class 1 owns two components), full and diagonal covariances. */
    public static Mixture threeClassFullCovariance() {
        return Mixture.of(List.of(
                new GaussianComponent(0, 0.3, new double[] {1.0, 0.5, -0.2},
                        new double[][] {{1.0, 0.3, 0.1}, {0.3, 0.5, -0.1}, {0.1, -0.1, 0.8}}),
                new GaussianComponent(1, 0.2, new double[] {-1.0, 0.0, 0.4},
                        new double[][] {{0.4, 0.0, 0.0}, {0.0, 2.0, 0.0}, {0.0, 0.0, 0.7}}),
                new GaussianComponent(1, 0.25, new double[] {0.0, -1.5, 1.0},
                        new double[][] {{0.6, -0.2, 0.0}, {-0.2, 0.9, 0.3}, {0.0, 0.3, 1.2}}),
                new GaussianComponent(2, 0.25, new double[] {2.0, 2.0, 2.0},
                        new double[][] {{0.05, 0.01, 0.0}, {0.01, 0.05, 0.0}, {0.0, 0.0, 0.05}})));
    }

    /**
     * log Σ_{k ∈ cls (or all if cls &lt; 0)} w_k N(x; α μ_k, α² Σ_k + σ² I), by inverting and taking the determinant of each
     * noised covariance directly with EJML (no eigenbasis, no online log-sum-exp: an independent route).
     */
    public static double logDensity(Mixture m, double alpha, double sigma2, double[] x, int cls) {
        int d = m.dimension();
        double[] terms = new double[m.componentCount()];
        double max = Double.NEGATIVE_INFINITY;
        int k = 0;
        for (Component component : m.components()) {
            GaussianComponent c = (GaussianComponent) component;
            if (cls >= 0 && c.cls() != cls) {
                terms[k++] = Double.NEGATIVE_INFINITY;
                continue;
            }
            DMatrixRMaj cov = new DMatrixRMaj(c.covariance());
            CommonOps_DDRM.scale(alpha * alpha, cov);
            for (int i = 0; i < d; i++) {
                cov.add(i, i, sigma2);
            }
            double det = CommonOps_DDRM.det(cov);
            DMatrixRMaj inv = cov.copy();
            CommonOps_DDRM.invert(inv);
            double quad = 0.0;
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    quad += (x[i] - alpha * c.mean()[i]) * inv.get(i, j) * (x[j] - alpha * c.mean()[j]);
                }
            }
            terms[k] = Math.log(c.weight()) - 0.5 * (quad + Math.log(det) + d * Math.log(2 * Math.PI));
            max = Math.max(max, terms[k]);
            k++;
        }
        double s = 0.0;
        for (double t : terms) {
            s += Math.exp(t - max);
        }
        return max + Math.log(s);
    }

    /** The scratch of one {@link MixtureScore#evaluate} pass of class {@code cls} at x. */
    public static double[] evaluate(Mixture m, int cls, double alpha, double sigma2, double[] x) {
        double[] s = new double[ScorePass.length(m.dimension())];
        MixtureScore.evaluate(m.packedParams(), m.packedMeta(), cls, alpha, sigma2, x, 0, s, 0);
        return s;
    }

    public static List<double[]> points() {
        return List.of(new double[] {0.1, -0.3, 0.7}, new double[] {1.5, 1.5, 1.9}, new double[] {-2.0, 3.0, 0.0},
                new double[] {4.0, -4.0, 6.0}, new double[] {0.0, 0.0, 0.0});
    }
}
