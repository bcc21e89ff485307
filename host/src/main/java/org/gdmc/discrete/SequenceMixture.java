package org.gdmc.discrete;

import java.util.Arrays;

/**
 * A class mixture over clean sequences, p(x) = Σ_k π_k p_k(x), with each class law p_k given as a table over the
 * V^L clean sequences (by clean index, see {@link SequenceSpace}). Immutable.
 */
public final class SequenceMixture {
    private final SequenceSpace space;
    private final double[] weights;
    private final double[][] classLaws;
    private final double[] law;

    private SequenceMixture(SequenceSpace space, double[] weights, double[][] classLaws) {
        this.space = space;
        this.weights = weights;
        this.classLaws = classLaws;
        this.law = new double[space.cleanStates()];
        for (int k = 0; k < weights.length; k++) {
            for (int x = 0; x < law.length; x++) {
                law[x] += weights[k] * classLaws[k][x];
            }
        }
    }

    /**
     * @param weights π_k > 0, summing to 1 within 1e−9 (then normalised)
     * @param tables  one table per class over the V^L clean sequences: finite, non-negative, with a positive sum
     *                (each is normalised to a law)
     */
    public static SequenceMixture ofTables(SequenceSpace space, double[] weights, double[][] tables) {
        if (weights.length < 1 || weights.length != tables.length) {
            throw new IllegalArgumentException(weights.length + " weights for " + tables.length + " class tables");
        }
        double total = 0.0;
        for (int k = 0; k < weights.length; k++) {
            if (!(weights[k] > 0) || !Double.isFinite(weights[k])) {
                throw new IllegalArgumentException("weight of class " + k + " is " + weights[k] + "; must be > 0");
            }
            total += weights[k];
        }
        if (Math.abs(total - 1.0) > 1e-9) {
            throw new IllegalArgumentException("class weights sum to " + total + ", not 1");
        }
        double[] w = new double[weights.length];
        double[][] laws = new double[tables.length][];
        for (int k = 0; k < w.length; k++) {
            w[k] = weights[k] / total;
            double[] t = tables[k];
            if (t.length != space.cleanStates()) {
                throw new IllegalArgumentException("class " + k + " has a table of " + t.length + " entries; "
                        + space + " has " + space.cleanStates() + " sequences");
            }
            double sum = 0.0;
            for (int x = 0; x < t.length; x++) {
                if (!(t[x] >= 0) || !Double.isFinite(t[x])) {
                    throw new IllegalArgumentException("class " + k + " gives sequence " + x + " the mass " + t[x]);
                }
                sum += t[x];
            }
            if (!(sum > 0)) {
                throw new IllegalArgumentException("class " + k + " has no mass");
            }
            laws[k] = new double[t.length];
            for (int x = 0; x < t.length; x++) {
                laws[k][x] = t[x] / sum;
            }
        }
        return new SequenceMixture(space, w, laws);
    }

    /**
     * Each class uniform on a product of token sets, p_k = ⊗_i U(S_{k,i}), the paper's sub-grid classes.
     *
     * @param sets sets[k][i]: the values token i takes under class k (distinct, in 0..V−1, at least one)
     */
    public static SequenceMixture productUniform(SequenceSpace space, double[] weights, int[][][] sets) {
        double[][] tables = new double[sets.length][];
        for (int k = 0; k < sets.length; k++) {
            if (sets[k].length != space.length()) {
                throw new IllegalArgumentException("class " + k + " gives " + sets[k].length + " token sets for "
                        + space.length() + " tokens");
            }
            boolean[][] allowed = new boolean[space.length()][space.vocabulary()];
            for (int i = 0; i < space.length(); i++) {
                if (sets[k][i].length == 0) {
                    throw new IllegalArgumentException("class " + k + " allows no value of token " + i);
                }
                for (int v : sets[k][i]) {
                    if (v < 0 || v >= space.vocabulary()) {
                        throw new IllegalArgumentException("class " + k + ", token " + i + ": value " + v
                                + " is outside 0.." + (space.vocabulary() - 1));
                    }
                    allowed[i][v] = true;
                }
            }
            tables[k] = new double[space.cleanStates()];
            for (int x = 0; x < tables[k].length; x++) {
                boolean in = true;
                for (int i = 0; i < space.length() && in; i++) {
                    in = allowed[i][space.cleanToken(x, i)];
                }
                tables[k][x] = in ? 1.0 : 0.0;
            }
        }
        return ofTables(space, weights, tables);
    }

    public SequenceSpace space() {
        return space;
    }

    /** The number of classes. */
    public int classes() {
        return weights.length;
    }

    /** π_k. */
    public double weight(int k) {
        return weights[k];
    }

    /** p_k over clean indices (a copy). */
    public double[] classLaw(int k) {
        return classLaws[k].clone();
    }

    /** p = Σ_k π_k p_k over clean indices (a copy). */
    public double[] law() {
        return law.clone();
    }

    /** p_k(x) for a clean index. */
    public double classProbability(int k, int clean) {
        return classLaws[k][clean];
    }

    /** p(x) for a clean index. */
    public double probability(int clean) {
        return law[clean];
    }

    @Override
    public String toString() {
        return "mixture of " + weights.length + " classes on " + space + ", weights " + Arrays.toString(weights);
    }
}
