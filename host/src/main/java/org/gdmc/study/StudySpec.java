package org.gdmc.study;

import org.gdmc.backend.SimulationSpec;

/**
 * A study: N particles of the simulation, processed in batches of at most {@code batchSize} particles (rounded up to
 * whole reduction blocks), so memory is bounded by the batch, never by N.
 */
public record StudySpec(SimulationSpec simulation, long particles, int batchSize) {
    public StudySpec {
        if (particles < 1) {
            throw new IllegalArgumentException("particles must be >= 1, got " + particles);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
    }
}
