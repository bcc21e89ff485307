package org.gdmc.sampler;

import java.util.List;

import org.gdmc.process.ForwardProcess;

/**
 * A discretisation of the guided reverse dynamics from t₀ = T down to t_n = δ.
 *
 * <p>The stochastic samplers all take the affine form y_{i+1} = A_i y_i + B_i s(y_i, t_i) + C_i z_i (z_i standard
 * normal, s the guided score), and differ only in their coefficients; the probability-flow sampler is deterministic
 * and needs two score evaluations per step.
 */
public sealed interface ReverseSampler permits AffineSampler, DpmSolverPlusPlus, PredictorCorrector, ProbabilityFlowHeun {

    /**
     * The integrator's code in a {@code PathProgram}: {@link AffineStep#CODE}, {@link HeunStep#CODE},
     * {@link MultistepStep#CODE} or {@link PredictorCorrectorStep#CODE}.
     */
    int kernel();

    /** The name used in configuration files, e.g. {@code euler-maruyama}. */
    String name();

    /** The name with the sampler's settings where it has any, for summaries. */
    default String describe() {
        return name();
    }

    /** Whether the sampler draws noise after the starting point. */
    boolean stochastic();

    /** Weak order of convergence in the step size for smooth test functions. */
    int order();

    /**
     * Fills the per-step coefficients (A_i, B_i, C_i) for i &lt; n, each array of length n. Modified.
     * For the deterministic sampler: (h_i, β(t_i), β(t_{i+1})).
     */
    void coefficients(ForwardProcess process, TimeGrid grid, double[] a, double[] b, double[] c);

    /**
     * For a denoise-and-renoise step y' = α_s x̂₀ + c_r ε̂ + C z (x̂₀ = (y + σ_t² s)/α_t, ε̂ = −σ_t s): the Tweedie
     * share B_d/B of step i's score coefficient B = B_d + B_r, B_d = α_s σ_t²/α_t (what CFG++ needs). NaN for
     * samplers not of that form.
     */
    default double tweedieShare(ForwardProcess process, TimeGrid grid, int step) {
        return Double.NaN;
    }

    /**
     * Langevin corrector steps after each step ({@link PredictorCorrector}); 0 for every other sampler. Each draws
     * its own noise, so a path's noise steps run to n (m + 1).
     */
    default int correctorSteps() {
        return 0;
    }

    /** Why the sampler cannot run on this grid, in one sentence, or null when it can. */
    default String gridProblem(ForwardProcess process, TimeGrid grid) {
        return null;
    }

    /** Every sampler, in the order the documentation lists them: a new sampler is added here. */
    static List<ReverseSampler> all() {
        return List.of(new EulerMaruyama(), new ExponentialIntegrator(), new DdpmAncestral(), new Ddim(),
                new DpmSolverPlusPlus(), PredictorCorrector.DEFAULT, new ProbabilityFlowHeun());
    }

    /** Looks a sampler up by its configuration name. */
    static ReverseSampler byName(String name) {
        for (ReverseSampler s : all()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown sampler '" + name + "'; known: "
                + String.join(", ", all().stream().map(ReverseSampler::name).toList()));
    }
}
