package org.gdmc.study;

import org.gdmc.backend.SimulationSpec;
import org.gdmc.estimate.KnnOptions;
import org.gdmc.estimate.SupportOptions;

/**
 * A study: N particles of the simulation, processed in batches of at most {@code batchSize} particles (rounded up to
 * whole reduction blocks), so memory is bounded by the batch, never by N.
 */
public record StudySpec(SimulationSpec simulation, long particles, int batchSize, SupportOptions supportOptions,
                        KnnOptions knn) {
    /** With the default estimator settings. */
    public StudySpec(SimulationSpec simulation, long particles, int batchSize) {
        this(simulation, particles, batchSize, SupportOptions.defaults(simulation.target(), simulation.cls()));
    }

    /** With the default k-NN settings. */
    public StudySpec(SimulationSpec simulation, long particles, int batchSize, SupportOptions supportOptions) {
        this(simulation, particles, batchSize, supportOptions,
                KnnOptions.defaults(simulation.target().dimension()));
    }

    public StudySpec {
        if (particles < 1) {
            throw new IllegalArgumentException("particles must be >= 1, got " + particles);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
    }
}
