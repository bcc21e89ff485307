package org.gdmc.mixture;

/** One component of a {@link Mixture}: a law on ℝ^d with a mixture weight and the class that owns it. */
public sealed interface Component permits GaussianComponent, BoxComponent {
    /** Owning class label, ≥ 0. */
    int cls();

    /** Mixture weight w_k &gt; 0 (weights sum to 1 over all components). */
    double weight();

    /** The dimension d. */
    int dimension();

    /** The component's mean (a copy). */
    double[] center();
}
