package org.gdmc.discrete;

/**
 * Sequences x = (x₀, …, x_{L−1}) of L tokens, each a value in {0, …, V−1} or {@link #mask() MASK} = V.
 *
 * <p>A partially masked sequence is numbered in base V + 1 with x₀ the most significant digit,
 * index(x) = Σ_i x_i (V + 1)^{L−1−i}; a clean sequence (no MASK) also has a clean index in base V,
 * Σ_i x_i V^{L−1−i}. Since MASK is the largest digit, unmasking a token always lowers the index: every move of
 * the reverse dynamics goes from a larger index to a smaller one, so sweeps in index order follow the dynamics.
 * The all-masked sequence has the largest index, (V + 1)^L − 1.
 */
public final class SequenceSpace {
    /** The most partially masked sequences a space may have, so that tables of them stay in memory. */
    public static final long MAX_STATES = 1L << 24;

    private final int vocabulary;
    private final int length;
    private final int states;
    private final int cleanStates;
    private final int[] stride;
    private final int[] cleanStride;

    /**
     * @param vocabulary V ≥ 1, the number of token values
     * @param length     L ≥ 1, the number of tokens; (V + 1)^L must not exceed {@link #MAX_STATES}
     */
    public SequenceSpace(int vocabulary, int length) {
        if (vocabulary < 1) {
            throw new IllegalArgumentException("vocabulary " + vocabulary + " < 1");
        }
        if (length < 1) {
            throw new IllegalArgumentException("length " + length + " < 1");
        }
        double count = Math.pow(vocabulary + 1.0, length);
        if (count > MAX_STATES) {
            throw new IllegalArgumentException("(V + 1)^L = " + (vocabulary + 1) + "^" + length + " = "
                    + String.format(java.util.Locale.ROOT, "%.3g", count) + " partially masked sequences exceed "
                    + MAX_STATES + ", the most gdmc tabulates");
        }
        this.vocabulary = vocabulary;
        this.length = length;
        this.stride = new int[length];
        this.cleanStride = new int[length];
        int s = 1;
        int c = 1;
        for (int i = length - 1; i >= 0; i--) {
            stride[i] = s;
            cleanStride[i] = c;
            s *= vocabulary + 1;
            c *= vocabulary;
        }
        this.states = s;
        this.cleanStates = c;
    }

    /** V. */
    public int vocabulary() {
        return vocabulary;
    }

    /** L. */
    public int length() {
        return length;
    }

    /** The MASK token, V. */
    public int mask() {
        return vocabulary;
    }

    /** (V + 1)^L, the number of partially masked sequences. */
    public int states() {
        return states;
    }

    /** V^L, the number of clean sequences. */
    public int cleanStates() {
        return cleanStates;
    }

    /** Index of the all-masked sequence, (V + 1)^L − 1. */
    public int allMasked() {
        return states - 1;
    }

    /** (V + 1)^{L−1−i}: the index step of token i. */
    public int stride(int i) {
        return stride[i];
    }

    /** Token i of the sequence with this index. */
    public int token(int state, int i) {
        return (state / stride[i]) % (vocabulary + 1);
    }

    /** The index after setting token i (currently {@code from}) to {@code to}. */
    public int with(int state, int i, int from, int to) {
        return state + (to - from) * stride[i];
    }

    /** The number of masked tokens. */
    public int maskedCount(int state) {
        int n = 0;
        for (int i = 0; i < length; i++) {
            if (token(state, i) == vocabulary) {
                n++;
            }
        }
        return n;
    }

    /** The clean index of a sequence without MASK, or −1 if it has one. */
    public int cleanIndex(int state) {
        int c = 0;
        for (int i = 0; i < length; i++) {
            int t = token(state, i);
            if (t == vocabulary) {
                return -1;
            }
            c += t * cleanStride[i];
        }
        return c;
    }

    /** The partially masked index of the clean sequence with this clean index. */
    public int stateOfClean(int clean) {
        int s = 0;
        for (int i = 0; i < length; i++) {
            s += (clean / cleanStride[i]) % vocabulary * stride[i];
        }
        return s;
    }

    /** Token i of the clean sequence with this clean index. */
    public int cleanToken(int clean, int i) {
        return (clean / cleanStride[i]) % vocabulary;
    }

    /** The tokens of a sequence, MASK written as "M": "(0, 2, M)". */
    public String format(int state) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < length; i++) {
            int t = token(state, i);
            b.append(i == 0 ? "" : ", ").append(t == vocabulary ? "M" : Integer.toString(t));
        }
        return b.append(')').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequenceSpace s && s.vocabulary == vocabulary && s.length == length;
    }

    @Override
    public int hashCode() {
        return 31 * vocabulary + length;
    }

    @Override
    public String toString() {
        return "{0.." + (vocabulary - 1) + "}^" + length;
    }
}
