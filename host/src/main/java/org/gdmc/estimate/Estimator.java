package org.gdmc.estimate;

/** A Monte Carlo estimator: a factory of empty, mergeable accumulators. */
public interface Estimator {
    /** The prefix of the estimates' names, e.g. {@code posterior}. */
    String name();

    Accumulator newAccumulator();
}
