package org.gdmc.backend;

import org.gdmc.estimate.ReductionPlan;

/**
 * The reduced output of one batch of particles first … first + count − 1: for every guidance g of the sweep, the sums
 * of each block of {@value #BLOCK} consecutive particles (block b holds the batch's particles [b·BLOCK, (b+1)·BLOCK),
 * laid out as {@link org.gdmc.estimate.ReductionKernel#reduce} writes them) and the batch's histogram counts. This is
 * all a backend returns for a study: memory is bounded by the batch, and the device sends back no particle.
 */
public final class BatchSums {
    /** Particles per reduction block; batches start on block boundaries. */
    public static final int BLOCK = 1024;

    private final int capacity;
    private final int blockLength;
    private final double[][] blockSums;
    private final int[][] counts;
    private long first;
    private int count;

    public BatchSums(int guidances, ReductionPlan plan, int capacity) {
        if (capacity % BLOCK != 0) {
            throw new IllegalArgumentException("capacity " + capacity + " is not a multiple of " + BLOCK);
        }
        this.capacity = capacity;
        this.blockLength = plan.blockLength();
        this.blockSums = new double[guidances][(capacity / BLOCK) * blockLength];
        this.counts = new int[guidances][plan.countsLength()];
    }

    /** Sets the particle range of the next batch; first must be a multiple of {@value #BLOCK}. */
    public void reset(long first, int count) {
        if (count > capacity || first % BLOCK != 0) {
            throw new IllegalArgumentException("batch at " + first + " of " + count + " particles does not fit "
                    + capacity + " particles on block boundaries");
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
