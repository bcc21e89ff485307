package org.gdmc.smc;

import org.gdmc.kernel.PathKernel;

/**
 * The output of a batch of islands of M particles in dimension d, particle k of island j at q = jM + k: its final
 * state at states[q·d …), its {@link PathKernel} observables at obs[q·OBS_LENGTH …), its weight (mean 1 over its
 * island) and log Q₀ at weights[q] and logTarget[q]; island j's figures ({@link IslandKernel#ISLAND} doubles: log Ẑ,
 * ESS, resamplings, moves) at figures[j·ISLAND …).
 */
public final class IslandBatch {
    private final int islands;
    private final int size;
    private final int d;
    final double[] states;
    final double[] obs;
    final double[] weights;
    final double[] logTarget;
    final double[] figures;

    /** Room for {@code islands} islands of {@code size} particles in dimension d. */
    public IslandBatch(int islands, int size, int d) {
        this.islands = islands;
        this.size = size;
        this.d = d;
        long n = (long) islands * size;
        if (n * Math.max(d, PathKernel.OBS_LENGTH) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(islands + " islands of " + size + " particles in dimension " + d
                    + " exceed a Java array");
        }
        states = new double[(int) n * d];
        obs = new double[(int) n * PathKernel.OBS_LENGTH];
        weights = new double[(int) n];
        logTarget = new double[(int) n];
        figures = new double[islands * IslandKernel.ISLAND];
    }

    public int islands() {
        return islands;
    }

    public int size() {
        return size;
    }

    public int dimension() {
        return d;
    }

    /** Final states, row by row. Written by an engine. */
    public double[] states() {
        return states;
    }

    /** Observables, row by row. Written by an engine. */
    public double[] observables() {
        return obs;
    }

    /** Weights of mean 1 within each island. Written by an engine. */
    public double[] weights() {
        return weights;
    }

    /** log Q₀ of each final particle. Written by an engine. */
    public double[] logTarget() {
        return logTarget;
    }

    /** The islands' figures, {@link IslandKernel#ISLAND} doubles each. Written by an engine. */
    public double[] figures() {
        return figures;
    }

    /** Island j's summary. */
    public Island.Summary summary(int j) {
        int o = j * IslandKernel.ISLAND;
        return new Island.Summary(figures[o + IslandKernel.LOG_Z], figures[o + IslandKernel.MIN_ESS],
                figures[o + IslandKernel.FINAL_ESS], (int) figures[o + IslandKernel.RESAMPLINGS]);
    }
}
