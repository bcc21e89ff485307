package org.gdmc.estimate;

import java.util.List;

import org.gdmc.guidance.Guidance;
import org.gdmc.reference.ReferenceLaw;

/**
 * A Monte Carlo estimator: it declares the per-particle terms it reduces (evaluated by {@link ReductionKernel} on
 * whichever backend simulates) and reads its estimates back from the merged {@link ReducedSums}.
 */
public interface Estimator {
    /** The prefix of the estimates' names, e.g. {@code posterior}. */
    String name();

    /** Adds this estimator's terms to the plan; the reader turns the reduced sums into estimates. */
    Reader declare(ReductionPlan.Builder plan);

    /**
     * Computes, before any particle moves, what the estimates will need that no particle changes (reference laws
     * under each guidance), so that a reference that cannot be computed is known up front; nothing by default.
     */
    default void prepare(List<Guidance> guidances) {
    }

    /** Reads estimates from the reduced sums of the plan it was declared in. */
    @FunctionalInterface
    interface Reader {
        List<Estimate> estimates(ReducedSums sums);

        /** The estimates of particles simulated under that guidance (some references depend on it). */
        default List<Estimate> estimates(ReducedSums sums, Guidance guidance) {
            return estimates(sums);
        }

        /**
         * Estimates that compare these sums with other sums of the same plan (another guidance, another backend),
         * named with the label, e.g. {@code density.tvSweepFirst}; none by default.
         */
        default List<Estimate> compare(ReducedSums sums, ReducedSums other, String label) {
            return List.of();
        }

        /**
         * Estimates that measure these sums against a reference law, named with the label, e.g.
         * {@code density.tvExactLaw}; none by default.
         */
        default List<Estimate> against(ReducedSums sums, ReferenceLaw law, String label) {
            return List.of();
        }
    }
}
