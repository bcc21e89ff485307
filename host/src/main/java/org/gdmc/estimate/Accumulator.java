package org.gdmc.estimate;

import java.util.List;

/**
 * The mergeable state of one estimator. Accumulators of consecutive particle blocks are merged left to right in block
 * order, so the result does not depend on how blocks were spread over threads, batches or shards.
 */
public interface Accumulator {
    /** Adds the finite particles of view[from, to). */
    void add(ParticleView view);

    /** Merges {@code next}, the accumulator of the particles that follow this one's. {@code next} is not modified. */
    void merge(Accumulator next);

    /** The estimates so far. */
    List<Estimate> estimates();
}
