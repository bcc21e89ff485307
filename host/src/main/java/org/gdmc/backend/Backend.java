package org.gdmc.backend;

/**
 * Where particles are simulated. Every backend draws the same noise for the same (seed, particle, step) and runs the
 * same per-particle maths ({@code PathKernel}); the CPU backend is the double-precision reference.
 */
public interface Backend extends AutoCloseable {
    /** e.g. {@code cpu}. */
    String name();

    /** The device, e.g. the CPU model and thread count. */
    String deviceName();

    /** Parallel workers in use. */
    int parallelism();

    /**
     * Simulates particles batch.first() … batch.first() + batch.count() − 1 under every guidance of the spec and fills
     * the batch's states and observables.
     */
    void simulate(SimulationSpec spec, ParticleBatch batch);

    @Override
    void close();
}
