package org.gdmc.sampler;

import org.gdmc.process.ForwardProcess;

/**
 * A discretisation of the guided reverse dynamics from t₀ = T down to t_n = δ.
 *
 * <p>The stochastic samplers all take the affine form y_{i+1} = A_i y_i + B_i s(y_i, t_i) + C_i z_i (z_i standard
 * normal, s the guided score), and differ only in their coefficients; the probability-flow sampler is deterministic
 * and needs two score evaluations per step.
 */
public sealed interface ReverseSampler permits AffineSampler, ProbabilityFlowHeun {

    /** Kernel code: {@link PathKernel#AFFINE} or {@link PathKernel#HEUN}. */
    int kernel();

    /** The name used in configuration files, e.g. {@code euler-maruyama}. */
    String name();

    /** Whether the sampler draws noise after the starting point. */
    boolean stochastic();

    /** Weak order of convergence in the step size for smooth test functions. */
    int order();

    /**
     * Fills the per-step coefficients (A_i, B_i, C_i) for i &lt; n, each array of length n. Modified.
     * For the deterministic sampler: (h_i, β(t_i), β(t_{i+1})).
     */
    void coefficients(ForwardProcess process, TimeGrid grid, double[] a, double[] b, double[] c);

    /** Looks a sampler up by its configuration name. */
    static ReverseSampler byName(String name) {
        return switch (name) {
            case EulerMaruyama.NAME -> new EulerMaruyama();
            case ExponentialIntegrator.NAME -> new ExponentialIntegrator();
            case DdpmAncestral.NAME -> new DdpmAncestral();
            case ProbabilityFlowHeun.NAME -> new ProbabilityFlowHeun();
            default -> throw new IllegalArgumentException("unknown sampler '" + name + "'; known: " + String.join(", ",
                    EulerMaruyama.NAME, ExponentialIntegrator.NAME, DdpmAncestral.NAME, ProbabilityFlowHeun.NAME));
        };
    }
}
