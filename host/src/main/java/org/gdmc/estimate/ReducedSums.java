package org.gdmc.estimate;

/**
 * The reduced state of a study under one guidance: per mean term its merged {@link ScalarMoments}, per histogram its
 * exact counts, and the merged {@link Comoments}. Blocks are merged strictly in particle order and counts are exact,
 * so the state does not depend on how particles were spread over threads, batches, devices or shards.
 */
public final class ReducedSums {
    private final ReductionPlan plan;
    private final ScalarMoments[] moments;
    private final long[] counts;
    private final Comoments comoments;

    public ReducedSums(ReductionPlan plan) {
        this.plan = plan;
        int means = plan.comomentsOffset() >= 0 ? plan.comomentsOffset() : plan.blockLength();
        this.moments = new ScalarMoments[means / 3];
        for (int k = 0; k < moments.length; k++) {
            moments[k] = new ScalarMoments();
        }
        this.counts = new long[plan.countsLength()];
        this.comoments = plan.comomentsOffset() >= 0 ? new Comoments(plan.dimension()) : null;
    }

    /**
     * Merges the sums of the next {@code blocks} blocks, laid out one after another as {@link ReductionKernel#reduce}
     * writes them.
     */
    public void addBlocks(double[] blockSums, int blocks) {
        int length = plan.blockLength();
        int c = plan.comomentsOffset();
        for (int b = 0; b < blocks; b++) {
            int off = b * length;
            for (int k = 0; k < moments.length; k++) {
                moments[k].merge((long) blockSums[off + 3 * k], blockSums[off + 3 * k + 1], blockSums[off + 3 * k + 2]);
            }
            if (comoments != null) {
                comoments.mergeBlock(blockSums, off + c);
            }
        }
    }

    /** Adds histogram counts (exact, in any order). */
    public void addCounts(int[] more) {
        for (int k = 0; k < counts.length; k++) {
            counts[k] += more[k];
        }
    }

    /** Merges next, the state of the particles that follow these. */
    public void merge(ReducedSums next) {
        for (int k = 0; k < moments.length; k++) {
            moments[k].merge(next.moments[k]);
        }
        for (int k = 0; k < counts.length; k++) {
            counts[k] += next.counts[k];
        }
        if (comoments != null) {
            comoments.merge(next.comoments);
        }
    }

    /** The moments of the mean term at block slot {@code slot} ({@link ReductionPlan.Builder#mean}). */
    public ScalarMoments moments(int slot) {
        return moments[slot / 3];
    }

    /** Count k of the histogram at {@code offset} ({@link ReductionPlan.Builder#histogram}). */
    public long count(int offset, int k) {
        return counts[offset + k];
    }

    public Comoments comoments() {
        return comoments;
    }
}
