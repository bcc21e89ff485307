package org.gdmc.highdim;

/**
 * The final states of a large-mixture study's first particles, for a user's own analysis: for each row of the result
 * (row 0 the exact class law's draws, row 1 + g guidance value g), particles [0, count) with their states (count × d,
 * row-major) and their data-law logits logit p₀(c | x) = log Σ_{k∈c} w_k N_k(x) − log Σ_{k∉c} w_k N_k(x).
 *
 * <p>They are kept from the study's own blocks as they are reduced (each particle's slot is written by the one block
 * that holds it), so they are the states the estimates saw, on the CPU or a device alike, and memory is
 * rows × count × (d + 1) doubles, checked by {@link #bytes} before anything is sampled.
 */
public final class HighDimSamples {
    private final int count;
    private final int dimension;
    private final double[][] states;
    private final double[][] logits;

    /** Room for {@code count} particles of each of {@code rows} rows in dimension d. */
    public HighDimSamples(int rows, int count, int dimension) {
        if (rows < 1 || count < 1 || dimension < 1) {
            throw new IllegalArgumentException(rows + " rows of " + count + " samples in dimension " + dimension);
        }
        this.count = count;
        this.dimension = dimension;
        this.states = new double[rows][Math.multiplyExact(count, dimension)];
        this.logits = new double[rows][count];
    }

    /** Bytes of the arrays for {@code rows} rows of {@code count} particles in dimension d. */
    public static long bytes(int rows, long count, int dimension) {
        return (long) rows * count * (dimension + 1L) * Double.BYTES;
    }

    /** Particles kept per row. */
    public int count() {
        return count;
    }

    public int dimension() {
        return dimension;
    }

    public int rows() {
        return states.length;
    }

    /** Row r's states, particle i at [i·d, (i + 1)·d). Not a copy. */
    public double[] states(int row) {
        return states[row];
    }

    /** Row r's data-law logits. Not a copy. */
    public double[] logits(int row) {
        return logits[row];
    }

    /**
     * Keeps those of particles first … first + rows − 1 (states at s[b·d …), logits at logit[b]) that are below the
     * count.
     */
    void keep(int row, long first, int rows, double[] s, double[] logit) {
        int n = (int) Math.max(0, Math.min(rows, count - first));
        if (n > 0) {
            System.arraycopy(s, 0, states[row], (int) first * dimension, n * dimension);
            System.arraycopy(logit, 0, logits[row], (int) first, n);
        }
    }
}
