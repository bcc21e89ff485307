package org.gdmc.reference;

/**
 * A law known without Monte Carlo, against which sampled histograms are measured: its mass in every cell of a grid and
 * its differential entropy.
 */
public interface ReferenceLaw {
    /** The law's mass in each cell of the grid (axis 0 fastest); the rest, 1 − Σ, lies outside the grid. */
    double[] cellMasses(CellGrid grid);

    /** Differential entropy −∫ q log q, in nats; NaN where it is not known. */
    double entropy();

    /** The number of modes of its density on a 1-D grid ({@link Modes#count} of the cell masses). */
    default int modes(CellGrid grid) {
        return Modes.count(cellMasses(grid));
    }
}
