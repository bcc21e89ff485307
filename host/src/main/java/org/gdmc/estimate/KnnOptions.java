package org.gdmc.estimate;

/**
 * Settings of the k-nearest-neighbour entropy ({@link KnnEntropy}): the neighbour rank k and how many particles it
 * uses per guidance (the first min(samples, N), which are i.i.d.; 0 turns it off). The backend hands their final
 * states back beside the reductions, so memory grows with samples, not N.
 */
public record KnnOptions(int neighbours, int samples) {
    /** Default sample size in d ≤ {@value #DEFAULT_MAX_DIMENSION}. */
    public static final int DEFAULT_SAMPLES = 100_000;
    /** Above this dimension the tree degenerates towards brute force, so the estimator is off unless asked for. */
    public static final int DEFAULT_MAX_DIMENSION = 8;

    public KnnOptions {
        if (neighbours < 1) {
            throw new IllegalArgumentException("knnNeighbours must be >= 1, got " + neighbours);
        }
        if (samples < 0 || (samples > 0 && samples <= neighbours)) {
            throw new IllegalArgumentException("knnSamples must be 0 (off) or more than knnNeighbours = " + neighbours
                    + ", got " + samples);
        }
    }

    /** k = 4 and {@value #DEFAULT_SAMPLES} samples in d ≤ {@value #DEFAULT_MAX_DIMENSION}, off beyond. */
    public static KnnOptions defaults(int d) {
        return new KnnOptions(4, d <= DEFAULT_MAX_DIMENSION ? DEFAULT_SAMPLES : 0);
    }
}
