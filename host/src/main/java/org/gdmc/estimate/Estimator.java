package org.gdmc.estimate;

import java.util.List;

/**
 * A Monte Carlo estimator: it declares the per-particle terms it reduces (evaluated by {@link ReductionKernel} on
 * whichever backend simulates) and reads its estimates back from the merged {@link ReducedSums}.
 */
public interface Estimator {
    /** The prefix of the estimates' names, e.g. {@code posterior}. */
    String name();

    /** Adds this estimator's terms to the plan; the reader turns the reduced sums into estimates. */
    Reader declare(ReductionPlan.Builder plan);

    /** Reads estimates from the reduced sums of the plan it was declared in. */
    @FunctionalInterface
    interface Reader {
        List<Estimate> estimates(ReducedSums sums);
    }
}
