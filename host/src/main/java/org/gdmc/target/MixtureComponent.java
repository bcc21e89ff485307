package org.gdmc.target;

/**
 * One component N(mean, covariance) of a Gaussian mixture, with its mixture weight and the class that owns it.
 *
 * @param cls        owning class label, ≥ 0
 * @param weight     mixture weight w_k &gt; 0 (weights sum to 1 over all components)
 * @param mean       μ_k, length d
 * @param covariance Σ_k, d×d, symmetric positive definite
 */
public record MixtureComponent(int cls, double weight, double[] mean, double[][] covariance) {
    /** A component with covariance v·I. */
    public static MixtureComponent isotropic(int cls, double weight, double[] mean, double variance) {
        int d = mean.length;
        double[][] cov = new double[d][d];
        for (int i = 0; i < d; i++) {
            cov[i][i] = variance;
        }
        return new MixtureComponent(cls, weight, mean, cov);
    }
}
