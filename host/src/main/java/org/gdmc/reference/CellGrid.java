package org.gdmc.reference;

import java.util.Arrays;

import org.gdmc.mixture.BoxComponent;
import org.gdmc.mixture.Component;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;

/**
 * A product grid of cells: on axis j, cells_j cells [lo_j + k·width_j, lo_j + (k+1)·width_j). Cell index
 * k = Σ_j k_j Π_{i&lt;j} cells_i (axis 0 fastest), as {@code ReductionPlan.Builder#grid} numbers them.
 */
public final class CellGrid {
    /** Default cells per axis in one and two dimensions. */
    public static final int CELLS_1D = 4096;
    public static final int CELLS_2D = 256;

    private final double[] lo;
    private final double[] width;
    private final int[] cells;
    private final int total;

    public CellGrid(double[] lo, double[] width, int[] cells) {
        if (lo.length != width.length || lo.length != cells.length || lo.length == 0) {
            throw new IllegalArgumentException("lo, width and cells need one entry per axis");
        }
        long t = 1;
        for (int j = 0; j < cells.length; j++) {
            if (cells[j] < 1 || !(width[j] > 0) || !Double.isFinite(lo[j] + cells[j] * width[j])) {
                throw new IllegalArgumentException("axis " + j + ": need cells >= 1 and width > 0, got cells="
                        + cells[j] + ", width=" + width[j] + ", lo=" + lo[j]);
            }
            t *= cells[j];
        }
        if (t > Integer.MAX_VALUE - 2) {
            throw new IllegalArgumentException("grid of " + t + " cells is too large");
        }
        this.lo = lo.clone();
        this.width = width.clone();
        this.cells = cells.clone();
        this.total = (int) t;
    }

    /**
     * The grid of a plane: per axis a, the hull of the intervals centre[a][k] ± half[a][k] over the components k,
     * widened by a quarter on each side, in {@code cells} cells per axis (the plane pictures of small and large
     * mixtures alike).
     */
    public static CellGrid hull(double[][] centre, double[][] half, int cells) {
        int axes = centre.length;
        double[] lo = new double[axes];
        double[] width = new double[axes];
        int[] counts = new int[axes];
        for (int a = 0; a < axes; a++) {
            double low = Double.POSITIVE_INFINITY;
            double high = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < centre[a].length; k++) {
                low = Math.min(low, centre[a][k] - half[a][k]);
                high = Math.max(high, centre[a][k] + half[a][k]);
            }
            double pad = 0.25 * (high - low);
            lo[a] = low - pad;
            width[a] = (high - low + 2 * pad) / cells;
            counts[a] = cells;
        }
        return new CellGrid(lo, width, counts);
    }

    /**
     * The default grid of a mixture in d ≤ 2 ({@value #CELLS_1D} cells in 1-D, {@value #CELLS_2D}² in 2-D): per axis,
     * the hull of every component's μ ± 8σ or box, widened by a quarter on each side so that guided states pushed past
     * the classes stay on it.
     */
    public static CellGrid covering(Mixture m) {
        int d = m.dimension();
        if (d > 2) {
            throw new IllegalArgumentException("default grids exist for d <= 2, got d=" + d);
        }
        double[] lo = new double[d];
        double[] width = new double[d];
        int[] cells = new int[d];
        for (int j = 0; j < d; j++) {
            double a = Double.POSITIVE_INFINITY;
            double b = Double.NEGATIVE_INFINITY;
            for (Component c : m.components()) {
                switch (c) {
                    case GaussianComponent g -> {
                        double s = Math.sqrt(g.covariance()[j][j]);
                        a = Math.min(a, g.mean()[j] - 8 * s);
                        b = Math.max(b, g.mean()[j] + 8 * s);
                    }
                    case BoxComponent x -> {
                        a = Math.min(a, x.lower()[j]);
                        b = Math.max(b, x.upper()[j]);
                    }
                }
            }
            double pad = 0.25 * (b - a);
            cells[j] = d == 1 ? CELLS_1D : CELLS_2D;
            lo[j] = a - pad;
            width[j] = (b - a + 2 * pad) / cells[j];
        }
        return new CellGrid(lo, width, cells);
    }

    public int dimension() {
        return cells.length;
    }

    /** Number of cells. */
    public int total() {
        return total;
    }

    public int cells(int axis) {
        return cells[axis];
    }

    public double width(int axis) {
        return width[axis];
    }

    /** Lower edge of cell k on the axis. */
    public double edge(int axis, int k) {
        return lo[axis] + k * width[axis];
    }

    /** Π_j width_j. */
    public double cellVolume() {
        double v = 1.0;
        for (double w : width) {
            v *= w;
        }
        return v;
    }

    /** Copies, for the reduction plan. */
    public double[] lo() {
        return lo.clone();
    }

    public double[] widths() {
        return width.clone();
    }

    public int[] cellCounts() {
        return cells.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CellGrid g && Arrays.equals(lo, g.lo) && Arrays.equals(width, g.width)
                && Arrays.equals(cells, g.cells);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(lo) + Arrays.hashCode(width)) + Arrays.hashCode(cells);
    }

    @Override
    public String toString() {
        return "CellGrid(lo=" + Arrays.toString(lo) + ", width=" + Arrays.toString(width) + ", cells="
                + Arrays.toString(cells) + ")";
    }
}
