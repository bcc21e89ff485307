package org.gdmc.estimate;

import java.util.List;

import org.gdmc.reference.CellGrid;

/**
 * The part of a 2-D histogram grid a picture shows: cells [start_j, start_j + size_j) per axis, merged {@code coarsen}
 * at a time (size_j a multiple of it), and how a histogram and reference masses on the grid become a
 * {@link DensityMap} of that window.
 */
public record DensityWindow(int[] start, int[] size, int coarsen) {
    /** Cells per axis a density map shows at most; a wider window is coarsened by a whole factor. */
    public static final int MAP_CELLS = 128;
    /** A cell belongs to the picture when it holds this share of the particles, or of a reference law's mass. */
    static final double MAP_SHARE = 1e-5;

    /**
     * The window that holds, in every histogram (cells, then the outside of the grid), each cell with at least
     * {@value #MAP_SHARE} of the particles or of a reference law's mass (the class law's, or the tilted law's of the
     * same histogram; null where unknown), with two cells to spare, coarsened so that it is at most
     * {@value #MAP_CELLS} cells wide.
     */
    public static DensityWindow covering(CellGrid grid, List<long[]> histograms, double[] classLaw, List<double[]> tilted) {
        int[] fine = grid.cellCounts();
        int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE};
        int[] hi = {-1, -1};
        for (int g = 0; g < histograms.size(); g++) {
            long[] c = histograms.get(g);
            long n = 0;
            for (long x : c) {
                n += x;
            }
            double[] q = tilted.get(g);
            for (int k = 0; k < grid.total(); k++) {
                boolean shown = c[k] > 0 && c[k] >= MAP_SHARE * n
                        || (classLaw != null && classLaw[k] >= MAP_SHARE)
                        || (q != null && q[k] >= MAP_SHARE);
                if (shown) {
                    int[] at = {k % fine[0], k / fine[0]};
                    for (int j = 0; j < 2; j++) {
                        lo[j] = Math.min(lo[j], at[j]);
                        hi[j] = Math.max(hi[j], at[j]);
                    }
                }
            }
        }
        if (hi[0] < 0) {
            return new DensityWindow(new int[] {0, 0}, fine.clone(),
                    Math.max(1, (Math.max(fine[0], fine[1]) + MAP_CELLS - 1) / MAP_CELLS));
        }
        int[] start = new int[2];
        int[] size = new int[2];
        int widest = 0;
        for (int j = 0; j < 2; j++) {
            start[j] = Math.max(0, lo[j] - 2);
            size[j] = Math.min(fine[j], hi[j] + 3) - start[j];
            widest = Math.max(widest, size[j]);
        }
        int coarsen = Math.max(1, (widest + MAP_CELLS - 1) / MAP_CELLS);
        for (int j = 0; j < 2; j++) {
            size[j] = (size[j] + coarsen - 1) / coarsen * coarsen;
            start[j] = Math.max(0, Math.min(start[j], fine[j] - size[j]));
            size[j] = Math.min(size[j], fine[j] / coarsen * coarsen);
        }
        return new DensityWindow(start, size, coarsen);
    }

    /**
     * The histogram c (cells, then the outside of the grid) in this window, with the class law's and the tilted law's
     * masses on the same cells (null where unknown); the particles off the window count as outside.
     */
    public DensityMap map(CellGrid grid, long[] c, double[] classLaw, double[] tiltedLaw, double[][] boxes, String[] axes,
                   double[][] basis) {
        int[] fine = grid.cellCounts();
        int f = coarsen;
        int[] cells = {size[0] / f, size[1] / f};
        long[] counts = new long[cells[0] * cells[1]];
        double[] classMasses = classLaw == null ? null : new double[counts.length];
        double[] tiltedMasses = tiltedLaw == null ? null : new double[counts.length];
        long total = 0;
        long inside = 0;
        for (int k = 0; k <= grid.total(); k++) {
            total += c[k];
            if (k == grid.total()) {
                break;
            }
            int i = k % fine[0] - start[0];
            int j = k / fine[0] - start[1];
            if (i < 0 || j < 0 || i >= size[0] || j >= size[1]) {
                continue;
            }
            int coarse = i / f + j / f * cells[0];
            counts[coarse] += c[k];
            inside += c[k];
            if (classMasses != null) {
                classMasses[coarse] += classLaw[k];
            }
            if (tiltedMasses != null) {
                tiltedMasses[coarse] += tiltedLaw[k];
            }
        }
        double[] width = grid.widths();
        double[] lo = grid.lo();
        return new DensityMap(new double[] {lo[0] + start[0] * width[0], lo[1] + start[1] * width[1]},
                new double[] {width[0] * f, width[1] * f}, cells, counts, total - inside, classMasses, tiltedMasses,
                boxes, axes, basis);
    }
}
