package org.gdmc.backend;

/**
 * How to open a backend.
 *
 * @param threads   CPU worker threads (0 = all processors); ignored by device backends
 * @param device    index into {@link BackendProvider#devices()}; 0 = the backend's default device
 * @param precision arithmetic of the per-particle kernels
 */
public record BackendOptions(int threads, int device, Precision precision) {
    /** Per-particle arithmetic. */
    public enum Precision {
        FLOAT64, FLOAT32
    }

    public BackendOptions {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        if (device < 0) {
            throw new IllegalArgumentException("device must be >= 0, got " + device);
        }
    }
}
