package org.gdmc.backend;

import org.gdmc.estimate.ReductionPlan;

/**
 * Where particles are simulated. Every backend draws the same noise for the same (seed, particle, step) and runs the
 * same per-particle maths ({@code PathKernel}); the CPU backend is the double-precision reference.
 */
public interface Backend extends AutoCloseable {
    /** e.g. {@code cpu}. */
    String name();

    /** The device, e.g. the CPU model and thread count. */
    String deviceName();

    /**
     * The device and the per-particle code it runs for this study (the CPU's vector lanes or its scalar kernel, say),
     * as recorded with every batch: a result whose batches ran different code, after a resume elsewhere, names each.
     */
    default String deviceName(SimulationSpec spec) {
        return deviceName();
    }

    /** The CPU's batch when a study leaves the choice to the backend: 64 blocks of 1024 particles. */
    int DEFAULT_BATCH = 65_536;

    /**
     * Particles per batch when the study leaves the choice to the backend ({@code batchSize: 0}): as many as make the
     * best use of the device within its memory. Results do not depend on it.
     */
    default int batchSize(SimulationSpec spec) {
        return DEFAULT_BATCH;
    }

    /** Parallel workers in use. */
    int parallelism();

    /**
     * Simulates particles batch.first() … batch.first() + batch.count() − 1 under every guidance of the spec and fills
     * the batch's states and observables (for comparisons and sample output).
     */
    void simulate(SimulationSpec spec, ParticleBatch batch);

    /**
     * Simulates particles out.first() … out.first() + out.count() − 1 under every guidance of the spec and reduces
     * them with the plan ({@link org.gdmc.estimate.ReductionKernel}), the paired terms against the sweep's first
     * guidance: fills out's block sums and counts, and the final states of its first {@code out.keep()} particles.
     */
    void reduce(SimulationSpec spec, ReductionPlan plan, BatchSums out);

    /**
     * A device engine for batches of this simulation's SMC islands ({@link org.gdmc.smc.IslandEngine}) moving under
     * the program (the proposal's: the simulation's own, or its conditional twin) with the options, at most
     * {@code islands} per call; null when this backend has none, as the CPU, which runs islands itself. The caller
     * closes it.
     *
     * @throws IllegalArgumentException when this backend cannot run these islands (a precision, say), with the reason
     */
    default org.gdmc.smc.IslandEngine islands(SimulationSpec spec, org.gdmc.kernel.PathProgram program,
                                              org.gdmc.smc.SmcOptions options, int islands) {
        return null;
    }

    @Override
    void close();
}
