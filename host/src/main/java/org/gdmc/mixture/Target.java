package org.gdmc.mixture;

/**
 * A data law p₀ = Σ_c π_c p₀(· | c) over ℝ^d whose noised marginals p_t under the forward process have scores known in
 * closed form. Classes are labelled 0 … classes()−1.
 */
public interface Target {
    int dimension();

    int classes();

    /** π_c. */
    double classWeight(int cls);

    /** log p_t(x) for a point x at forward time t with coefficients (α_t, σ_t²); σ² = 0 is the data law. */
    double logDensity(double alpha, double sigma2, double[] x);

    /** log p_t(x | c). */
    double logDensity(double alpha, double sigma2, double[] x, int cls);

    /** One-line description for result files. */
    String describe();
}
