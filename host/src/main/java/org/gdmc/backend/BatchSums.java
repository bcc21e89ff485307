package org.gdmc.backend;

import org.gdmc.estimate.ReductionPlan;

/**
 * The reduced output of one batch of particles first … first + count − 1: for every guidance g of the sweep, the sums
 * of each block of {@value #BLOCK} consecutive particles (block b holds the batch's particles [b·BLOCK, (b+1)·BLOCK),
 * laid out as {@link org.gdmc.estimate.ReductionKernel#reduce} writes them) and the batch's histogram counts. This is
 * all a backend returns for a study: memory is bounded by the batch, and the device sends back no particle, except
 * the final states of the batch's first {@link #keep()} particles when a sample-based estimator asks for them.
 */
public final class BatchSums {
    /** Particles per reduction block; batches start on block boundaries. */
    public static final int BLOCK = org.gdmc.estimate.WorkGroupTree.BLOCK;

    private final int capacity;
    private final int blockLength;
    private final double[][] blockSums;
    private final int[][] counts;
    private final int dimension;
    private final double[][] kept;
    private long first;
    private int count;
    private int keep;

    public BatchSums(int guidances, ReductionPlan plan, int capacity) {
        this(guidances, plan, capacity, 0);
    }

    /** @param keepCapacity the most particles whose final states a batch may keep ({@link #setKeep}) */
    public BatchSums(int guidances, ReductionPlan plan, int capacity, int keepCapacity) {
        if (capacity % BLOCK != 0) {
            throw new IllegalArgumentException("capacity " + capacity + " is not a multiple of " + BLOCK);
        }
        this.capacity = capacity;
        this.blockLength = plan.blockLength();
        this.blockSums = new double[guidances][(capacity / BLOCK) * blockLength];
        this.counts = new int[guidances][plan.countsLength()];
        this.dimension = plan.dimension();
        this.kept = new double[keepCapacity == 0 ? 0 : guidances][keepCapacity * dimension];
    }

    /** Sets the particle range of the next batch; first must be a multiple of {@value #BLOCK}. */
    public void reset(long first, int count) {
        if (count > capacity || first % BLOCK != 0) {
            throw new IllegalArgumentException("batch at " + first + " of " + count + " particles does not fit "
                    + capacity + " particles on block boundaries");
        }
        this.first = first;
        this.count = count;
        this.keep = 0;
    }

    /** Asks the backend for the final states of the batch's first n particles too (set after {@link #reset}). */
    public void setKeep(int n) {
        int capacity = keepCapacity();
        if (n < 0 || n > Math.min(count, capacity)) {
            throw new IllegalArgumentException("cannot keep " + n + " of " + count + " particles (room for "
                    + capacity + ")");
        }
        this.keep = n;
    }

    /** The most particles a batch may keep. */
    public int keepCapacity() {
        return kept.length == 0 ? 0 : kept[0].length / dimension;
    }

    /** Particles whose final states the backend fills into {@link #keptStates}. */
    public int keep() {
        return keep;
    }

    /** Final states of the first {@link #keep()} particles under guidance g, row-major. */
    public double[] keptStates(int guidance) {
        return kept[guidance];
    }

    public int dimension() {
        return dimension;
    }

    public long first() {
        return first;
    }

    public int count() {
        return count;
    }

    public int capacity() {
        return capacity;
    }

    /** Blocks in the current batch (the last may be partial). */
    public int blocks() {
        return (count + BLOCK - 1) / BLOCK;
    }

    public double[] blockSums(int guidance) {
        return blockSums[guidance];
    }

    public int[] counts(int guidance) {
        return counts[guidance];
    }

    /** Doubles per block. */
    public int blockLength() {
        return blockLength;
    }
}
