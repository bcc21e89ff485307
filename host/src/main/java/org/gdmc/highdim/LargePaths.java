package org.gdmc.highdim;

/**
 * Where a large-mixture study's guided paths run when not on the CPU's {@link BlockPaths}: a device engine from a
 * backend plug-in ({@link org.gdmc.backend.BackendProvider#openLargePaths}). It runs the same score, guidance forms,
 * integrators and noise, so each particle's final state equals the CPU's to rounding; the study runner classifies the
 * states and reduces them on the CPU.
 */
public interface LargePaths extends AutoCloseable {
    /** Most particles per call. */
    int capacity();

    /** The device, for the result's provenance. */
    String deviceName();

    /**
     * Runs particles first … first + count − 1 (count ≤ {@link #capacity}) under guidance g of the study to t = δ
     * and writes their final states row by row into states[0 .. count·d).
     */
    void simulate(int g, long first, int count, double[] states);

    @Override
    void close();
}
