package org.gdmc.backend;

import org.gdmc.kernel.PathKernel;

/**
 * The output of one batch: for every guidance g of the sweep, the final states (count × d, row-major) and the path
 * observables (count × {@link PathKernel#OBS_LENGTH}) of particles first … first + count − 1.
 */
public final class ParticleBatch {
    private final int dimension;
    private final int capacity;
    private final double[][] states;
    private final double[][] observables;
    private long first;
    private int count;

    public ParticleBatch(int guidances, int dimension, int capacity) {
        this.dimension = dimension;
        this.capacity = capacity;
        if ((long) capacity * Math.max(dimension, PathKernel.OBS_LENGTH) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a batch of " + capacity + " particles in d=" + dimension
                    + " does not fit in one array; lower batchSize");
        }
        this.states = new double[guidances][capacity * dimension];
        this.observables = new double[guidances][capacity * PathKernel.OBS_LENGTH];
    }

    /** Sets the particle range this batch holds. */
    public void reset(long first, int count) {
        if (count > capacity) {
            throw new IllegalArgumentException("count " + count + " exceeds capacity " + capacity);
        }
        this.first = first;
        this.count = count;
    }

    public long first() {
        return first;
    }

    public int count() {
        return count;
    }

    /** The most particles this batch can hold. */
    public int capacity() {
        return capacity;
    }

    public int dimension() {
        return dimension;
    }

    public double[] states(int guidance) {
        return states[guidance];
    }

    public double[] observables(int guidance) {
        return observables[guidance];
    }
}
