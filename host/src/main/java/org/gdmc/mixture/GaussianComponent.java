package org.gdmc.mixture;

/**
 * A Gaussian component N(mean, covariance).
 *
 * @param cls        owning class label, ≥ 0
 * @param weight     mixture weight w_k &gt; 0
 * @param mean       μ_k, length d
 * @param covariance Σ_k, d×d, symmetric positive definite
 */
public record GaussianComponent(int cls, double weight, double[] mean, double[][] covariance) implements Component {
    /** A component with covariance v·I. */
    public static GaussianComponent isotropic(int cls, double weight, double[] mean, double variance) {
        int d = mean.length;
        double[][] cov = new double[d][d];
        for (int i = 0; i < d; i++) {
            cov[i][i] = variance;
        }
        return new GaussianComponent(cls, weight, mean, cov);
    }

    @Override
    public int dimension() {
        return mean == null ? 0 : mean.length;
    }

    @Override
    public double[] center() {
        return mean.clone();
    }

    /** Whether Σ has no non-zero off-diagonal entry (the component is a product law). */
    public boolean isDiagonal() {
        for (int i = 0; i < covariance.length; i++) {
            for (int j = 0; j < covariance.length; j++) {
                if (i != j && covariance[i][j] != 0.0) {
                    return false;
                }
            }
        }
        return true;
    }
}
