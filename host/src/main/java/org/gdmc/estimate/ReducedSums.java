package org.gdmc.estimate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The reduced state of a study under one guidance over a run of whole reduction blocks: per mean term its
 * {@link ScalarMoments}, per histogram its exact counts, and the {@link Comoments}. Block sums are merged along a
 * fixed binary tree over the global block index ({@link BlockTree}) and counts are exact integers, so the state, and
 * every estimate read from it, is bit-identical however the particles were spread over threads, batches, devices,
 * shards or resumed runs.
 *
 * <p>Beside the kernel's block sums, each tree node carries, per mean term, what the reliability of its standard
 * error is judged from ({@link Reliability}), filled in as each block arrives: the {@link ScalarMoments} of the
 * block variances s_b² over blocks of at least two particles, and, for the median of means, the moments of each of
 * {@value #GROUPS} groups of blocks, block b in group b mod {@value #GROUPS}. Both merge along the same tree, so they
 * too are bit-identical however the run was cut.
 */
public final class ReducedSums {
    /** Groups of blocks of the median of means. */
    public static final int GROUPS = 32;

    private final ReductionPlan plan;
    private final int means;
    /** Doubles of a tree node: the kernel's block sums, then per mean term 3·(1 + GROUPS) host slots. */
    private final int nodeLength;
    private final long[] counts;
    private final BlockTree tree;
    private ScalarMoments[] moments;
    /** The merge of all nodes, when {@link #moments} is not null (null when there are no blocks). */
    private double[] folded;
    private Comoments comoments;

    /** Empty sums of a run that starts at block 0. */
    public ReducedSums(ReductionPlan plan) {
        this(plan, 0);
    }

    /** Empty sums of a run that starts at block {@code firstBlock} (a shard or a resumed run). */
    public ReducedSums(ReductionPlan plan, long firstBlock) {
        this.plan = plan;
        this.means = plan.comomentsOffset() >= 0 ? plan.comomentsOffset() : plan.blockLength();
        this.nodeLength = plan.blockLength() + means * (1 + GROUPS);
        this.counts = new long[plan.countsLength()];
        this.tree = new BlockTree(this::mergeBlocks, firstBlock);
    }

    /** First block of the run. */
    public long firstBlock() {
        return tree.first();
    }

    /** One past the last block merged. */
    public long endBlock() {
        return tree.end();
    }

    /**
     * Merges the sums of the next {@code blocks} blocks, laid out one after another as {@link ReductionKernel#reduce}
     * writes them.
     */
    public void addBlocks(double[] blockSums, int blocks) {
        int length = plan.blockLength();
        for (int b = 0; b < blocks; b++) {
            double[] s = new double[nodeLength];
            System.arraycopy(blockSums, b * length, s, 0, length);
            int group = (int) (tree.end() % GROUPS);
            for (int k = 0; k < means; k += 3) {
                int h = hostSlot(k);
                double n = s[k];
                if (n >= 2) {
                    s[h] = 1;
                    s[h + 1] = s[k + 2] / (n - 1);
                }
                int g = h + 3 * (1 + group);
                s[g] = n;
                s[g + 1] = s[k + 1];
                s[g + 2] = s[k + 2];
            }
            tree.add(s);
        }
        moments = null;
    }

    /** Adds histogram counts (exact, in any order). */
    public void addCounts(int[] more) {
        for (int k = 0; k < counts.length; k++) {
            counts[k] += more[k];
        }
    }

    /** Merges next, the state of the blocks that follow these (it must start at {@link #endBlock()}). */
    public void merge(ReducedSums next) {
        tree.append(next.tree);
        for (int k = 0; k < counts.length; k++) {
            counts[k] += next.counts[k];
        }
        moments = null;
    }

    /** The moments of the mean term at block slot {@code slot} ({@link ReductionPlan.Builder#mean}). */
    public ScalarMoments moments(int slot) {
        fold();
        return moments[slot / 3];
    }

    /**
     * The moments of the block variances s_b² = M₂/(n_b − 1) of the mean term at block slot {@code slot}, over the
     * blocks with at least two of its particles.
     */
    public ScalarMoments blockVariances(int slot) {
        return hostMoments(hostSlot(slot));
    }

    /** The moments of the mean term at block slot {@code slot} over the particles of group g's blocks. */
    public ScalarMoments groupMoments(int slot, int g) {
        return hostMoments(hostSlot(slot) + 3 * (1 + g));
    }

    /** Where the host slots of the mean term at block slot {@code slot} start in a tree node. */
    private int hostSlot(int slot) {
        return plan.blockLength() + (slot / 3) * 3 * (1 + GROUPS);
    }

    private ScalarMoments hostMoments(int at) {
        fold();
        ScalarMoments m = new ScalarMoments();
        if (folded != null) {
            m.merge((long) folded[at], folded[at + 1], folded[at + 2]);
        }
        return m;
    }

    /** Count k of the histogram at {@code offset} ({@link ReductionPlan.Builder#histogram}). */
    public long count(int offset, int k) {
        return counts[offset + k];
    }

    public Comoments comoments() {
        fold();
        return comoments;
    }

    /** Writes the state exactly (the tree's nodes and the counts), for shard files and checkpoints. */
    public void write(DataOutput out) throws IOException {
        out.writeLong(tree.first());
        out.writeInt(counts.length);
        for (long c : counts) {
            out.writeLong(c);
        }
        var nodes = tree.nodes();
        out.writeInt(nodes.size());
        out.writeInt(nodeLength);
        for (BlockTree.Node n : nodes) {
            out.writeLong(n.start());
            out.writeInt(n.level());
            for (double v : n.sums()) {
                out.writeLong(Double.doubleToRawLongBits(v));
            }
        }
    }

    /** Reads what {@link #write} wrote, for the same plan. */
    public static ReducedSums read(ReductionPlan plan, DataInput in) throws IOException {
        ReducedSums r = new ReducedSums(plan, in.readLong());
        int countsLength = in.readInt();
        if (countsLength != r.counts.length) {
            throw new IOException("sums of " + countsLength + " counts, the study has " + r.counts.length);
        }
        for (int k = 0; k < countsLength; k++) {
            r.counts[k] = in.readLong();
        }
        int nodes = in.readInt();
        int length = in.readInt();
        if (length != r.nodeLength || nodes < 0) {
            throw new IOException("block sums of " + length + " doubles, the study has " + r.nodeLength);
        }
        for (int i = 0; i < nodes; i++) {
            long start = in.readLong();
            int level = in.readInt();
            double[] s = new double[length];
            for (int k = 0; k < length; k++) {
                s[k] = Double.longBitsToDouble(in.readLong());
            }
            try {
                r.tree.push(new BlockTree.Node(start, level, s));
            } catch (IllegalArgumentException e) {
                throw new IOException("corrupt sums: " + e.getMessage(), e);
            }
        }
        return r;
    }

    /** The block sums of a left range then a right range, merged into new block sums. */
    private double[] mergeBlocks(double[] a, double[] b) {
        double[] out = new double[a.length];
        ScalarMoments s = new ScalarMoments();
        mergeTriples(a, b, out, 0, means, s);
        mergeTriples(a, b, out, plan.blockLength(), nodeLength, s);
        int c = plan.comomentsOffset();
        if (c >= 0) {
            Comoments m = new Comoments(plan.dimension());
            m.mergeBlock(a, c);
            m.mergeBlock(b, c);
            m.writeBlock(out, c);
        }
        return out;
    }

    /** Merges the (n, mean, M₂) triples in [from, to) of a then b into out. */
    private static void mergeTriples(double[] a, double[] b, double[] out, int from, int to, ScalarMoments s) {
        for (int k = from; k < to; k += 3) {
            s.reset();
            s.merge((long) a[k], a[k + 1], a[k + 2]);
            s.merge((long) b[k], b[k + 1], b[k + 2]);
            out[k] = s.count();
            out[k + 1] = s.count() == 0 ? 0.0 : s.mean();
            out[k + 2] = s.sumOfSquares();
        }
    }

    private void fold() {
        if (moments != null) {
            return;
        }
        double[] all = tree.fold();
        folded = all;
        moments = new ScalarMoments[means / 3];
        for (int k = 0; k < moments.length; k++) {
            moments[k] = new ScalarMoments();
            if (all != null) {
                moments[k].merge((long) all[3 * k], all[3 * k + 1], all[3 * k + 2]);
            }
        }
        comoments = plan.comomentsOffset() >= 0 ? new Comoments(plan.dimension()) : null;
        if (comoments != null && all != null) {
            comoments.mergeBlock(all, plan.comomentsOffset());
        }
    }
}
