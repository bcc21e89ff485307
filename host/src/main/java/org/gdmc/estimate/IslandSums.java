package org.gdmc.estimate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.gdmc.smc.IslandMeans;

/**
 * The SMC islands of a study under one guidance value, merged along the same fixed binary tree over the island index
 * as reduction blocks are ({@link BlockTree}), so the merged node, and every estimate read from it, is bit-identical
 * however the islands were spread over threads, batches, shards or resumed runs.
 */
public final class IslandSums {
    private final int terms;
    private final int cells;
    private final BlockTree tree;

    /**
     * Empty sums of a run that starts at island {@code firstIsland}, of nodes with the given terms and histogram cells
     * ({@link IslandMeans#empty(int, int)}).
     */
    public IslandSums(int terms, int cells, long firstIsland) {
        this.terms = terms;
        this.cells = cells;
        this.tree = new BlockTree(IslandMeans::merge, firstIsland);
    }

    public long firstIsland() {
        return tree.first();
    }

    /** One past the last island merged. */
    public long endIsland() {
        return tree.end();
    }

    /** Appends the node of island {@link #endIsland()}. */
    public void add(double[] node) {
        if (node.length != IslandMeans.length(terms, cells)) {
            throw new IllegalArgumentException("an island node of " + node.length + " values, expected "
                    + IslandMeans.length(terms, cells));
        }
        tree.add(node);
    }

    /** Appends the islands of next, which must start at {@link #endIsland()}. */
    public void merge(IslandSums next) {
        tree.append(next.tree);
    }

    /** The estimates of every island so far. */
    public IslandMeans means() {
        return IslandMeans.of(tree.fold(), terms, cells);
    }

    /** Writes the tree's nodes exactly. */
    public void write(DataOutput out) throws IOException {
        out.writeLong(tree.first());
        tree.writeNodes(out);
    }

    /** Reads what {@link #write} wrote. */
    public static IslandSums read(int terms, int cells, DataInput in) throws IOException {
        IslandSums s = new IslandSums(terms, cells, in.readLong());
        s.tree.readNodes(in, IslandMeans.length(terms, cells), "SMC sums");
        return s;
    }
}
