package org.gdmc.estimate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * Merges the sums of consecutive reduction blocks along one fixed binary tree over the global block index: node
 * (k, j) covers blocks [j·2ᵏ, (j + 1)·2ᵏ) and holds merge(node(k − 1, 2j), node(k − 1, 2j + 1)). The tree keeps the
 * maximal nodes inside the blocks seen so far (at most 2 log₂ B of them); its value is their merge from left to right.
 *
 * <p>A node's value depends on its own blocks only, so appending blocks one at a time, appending the nodes of the
 * range that follows (a shard) or restoring saved nodes (a resumed run) yields the same nodes: the result is
 * bit-identical however the blocks were split into batches, shards or interrupted runs. Pairwise merging also keeps
 * rounding error growing as O(log B) rather than O(B).
 */
public final class BlockTree {
    /** Blocks [start, start + 2^level) merged; sums is never modified once made. */
    public record Node(long start, int level, double[] sums) {
        public long end() {
            return start + (1L << level);
        }
    }

    private final BinaryOperator<double[]> merge;
    private final long first;
    private final List<Node> nodes = new ArrayList<>();
    private long end;

    /** @param merge the merge of the sums of two adjacent ranges, left then right, into new sums */
    public BlockTree(BinaryOperator<double[]> merge, long firstBlock) {
        if (firstBlock < 0) {
            throw new IllegalArgumentException("first block " + firstBlock);
        }
        this.merge = merge;
        this.first = firstBlock;
        this.end = firstBlock;
    }

    public long first() {
        return first;
    }

    /** One past the last block merged. */
    public long end() {
        return end;
    }

    /** The maximal nodes, left to right. */
    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** Appends the sums of block {@link #end()}. */
    public void add(double[] sums) {
        push(new Node(end, 0, sums));
    }

    /** Appends an aligned node that starts at {@link #end()}, merging it with its left siblings. */
    public void push(Node node) {
        if (node.start() != end || node.level() < 0 || node.level() > 62 || node.start() % (1L << node.level()) != 0) {
            throw new IllegalArgumentException("node of blocks [" + node.start() + ", " + node.end()
                    + ") does not follow block " + end + " on the tree");
        }
        nodes.add(node);
        end = node.end();
        while (nodes.size() >= 2) {
            Node b = nodes.get(nodes.size() - 1);
            Node a = nodes.get(nodes.size() - 2);
            boolean siblings = a.level() == b.level() && a.start() % (2L << a.level()) == 0;
            if (!siblings) {
                break;
            }
            nodes.remove(nodes.size() - 1);
            nodes.set(nodes.size() - 1, new Node(a.start(), a.level() + 1, merge.apply(a.sums(), b.sums())));
        }
    }

    /** Appends the blocks of next, which must start where these end. */
    public void append(BlockTree next) {
        for (Node n : next.nodes) {
            push(n);
        }
    }

    /** The merge of all blocks, left to right over the maximal nodes; null when there are none. */
    public double[] fold() {
        double[] acc = null;
        for (Node n : nodes) {
            acc = acc == null ? n.sums() : merge.apply(acc, n.sums());
        }
        return acc;
    }

    /** Writes the maximal nodes exactly: their count, then per node its start, level, length and the sums' bits. */
    public void writeNodes(DataOutput out) throws IOException {
        out.writeInt(nodes.size());
        for (Node n : nodes) {
            out.writeLong(n.start());
            out.writeInt(n.level());
            out.writeInt(n.sums().length);
            for (double v : n.sums()) {
                out.writeLong(Double.doubleToRawLongBits(v));
            }
        }
    }

    /**
     * Appends the nodes {@link #writeNodes} wrote, each of {@code length} sums; a node of another length or off the
     * tree is an IOException saying "corrupt {@code what}".
     */
    public void readNodes(DataInput in, int length, String what) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > 128) {
            throw new IOException("corrupt " + what + ": " + count + " tree nodes");
        }
        for (int i = 0; i < count; i++) {
            long start = in.readLong();
            int level = in.readInt();
            if (in.readInt() != length) {
                throw new IOException("corrupt " + what + ": a node of the wrong length");
            }
            double[] v = new double[length];
            for (int k = 0; k < length; k++) {
                v[k] = Double.longBitsToDouble(in.readLong());
            }
            try {
                push(new Node(start, level, v));
            } catch (IllegalArgumentException e) {
                throw new IOException("corrupt " + what + ": " + e.getMessage(), e);
            }
        }
    }
}
