package org.gdmc.estimate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.gdmc.mixture.Support;

/**
 * The per-particle terms a study's estimators reduce, packed for {@link ReductionKernel}: a header, one record per
 * term (kind, reduction, output offset, threshold, histogram range), then the projection direction, the packed
 * support, the grid and the event regions (an event term's threshold is its region's offset). Mean terms own three slots (n, mean, M₂) of a block's sums; histogram terms own bins + 2
 * counts, tail histograms 2·bins + 3.
 */
public final class ReductionPlan {
    private final double[] program;

    private ReductionPlan(double[] program) {
        this.program = program;
    }

    public static Builder builder(int dimension) {
        return new Builder(dimension);
    }

    /** The packed program (shared; not to be modified). */
    public double[] program() {
        return program;
    }

    public int dimension() {
        return (int) program[ReductionKernel.H_DIMENSION];
    }

    /**
     * Particle i's cell of the plan's grid, for states row-major in the plan's dimension ({@link ReductionKernel}'s
     * own grid code), or −1 outside it.
     */
    public int cell(double[] states, int i) {
        return ReductionKernel.gridCell(program, states, dimension(), i, 0);
    }

    /** Doubles of one block's sums. */
    public int blockLength() {
        return (int) program[ReductionKernel.H_BLOCK_LENGTH];
    }

    /** Integer counts of all histogram terms. */
    public int countsLength() {
        return (int) program[ReductionKernel.H_COUNTS_LENGTH];
    }

    /** Offset of the co-moments in a block's sums, or −1. */
    int comomentsOffset() {
        return (int) program[ReductionKernel.H_COMOMENTS];
    }

    /** Collects the terms of a set of estimators. */
    public static final class Builder {
        private final int d;
        private final List<double[]> records = new ArrayList<>();
        private int blockLength;
        private int countsLength;
        private boolean comoments;
        private double[] projection;
        private Support support;
        private double[] grid;
        private int gridLength;
        private final List<double[]> regions = new ArrayList<>();

        private Builder(int d) {
            this.d = d;
        }

        /** A mean term; returns its slot in the block sums, read back by {@link ReducedSums#moments}. */
        public int mean(int kind, double threshold) {
            int slot = blockLength;
            records.add(new double[] {kind, ReductionKernel.MEAN, slot, threshold, 0, 0, 0});
            blockLength += 3;
            return slot;
        }

        /**
         * A histogram term on [lo, lo + bins·width) with an underflow and an overflow bin; returns its offset in the
         * counts, read back by {@link ReducedSums#count}.
         */
        public int histogram(int kind, double threshold, double lo, double width, int bins) {
            if (!(width > 0) || bins < 1) {
                throw new IllegalArgumentException("histogram needs width > 0 and bins >= 1, got " + width + ", " + bins);
            }
            int offset = countsLength;
            records.add(new double[] {kind, ReductionKernel.HISTOGRAM, offset, threshold, lo, width, bins});
            countsLength += bins + 2;
            return offset;
        }

        /**
         * A tail histogram of log|v| by sign, {@code bins} bins of width {@code width} from {@code lo} per sign
         * ({@link ReductionKernel#tailBin}); returns its offset in the counts (2·bins + 3 of them).
         */
        public int tail(int kind, double threshold, double lo, double width, int bins) {
            if (!(width > 0) || bins < 1) {
                throw new IllegalArgumentException("tail histogram needs width > 0 and bins >= 1, got " + width + ", "
                        + bins);
            }
            int offset = countsLength;
            records.add(new double[] {kind, ReductionKernel.TAIL, offset, threshold, lo, width, bins});
            countsLength += 2 * bins + 3;
            return offset;
        }

        /**
         * An event term: 1 if x lies in the region packed as {@code region} ({@link ReductionKernel#event}, 2d + 2
         * doubles), counted exactly as an indicator; returns its offset in the counts ({@link #indicator}).
         */
        public int event(double[] region) {
            if (region.length != 2 * d + 2) {
                throw new IllegalArgumentException("a region packs 2d + 2 = " + (2 * d + 2) + " doubles, got "
                        + region.length);
            }
            int offset = histogram(ReductionKernel.EVENT, -1 - regions.size(), 0.0, 1.0, 1);
            regions.add(region.clone());
            return offset;
        }

        /** An indicator term counted exactly: counts[offset + 1] zeros, counts[offset + 2] ones. */
        public int indicator(int kind, double threshold) {
            return histogram(kind, threshold, 0.0, 1.0, 1);
        }

        /** Asks for the block co-moments of the final states, read back by {@link ReducedSums#comoments}. */
        public void comoments() {
            comoments = true;
        }

        /** Sets the direction u of the projection terms (one per plan). */
        public void projection(double[] u) {
            if (projection != null && !Arrays.equals(projection, u)) {
                throw new IllegalStateException("a reduction plan holds one projection direction");
            }
            projection = u.clone();
        }

        /**
         * Sets the grid of the {@link ReductionKernel#GRID_CELL} term (one per plan): cells [lo_j + k·w_j,
         * lo_j + (k+1)·w_j), k &lt; m_j, in every coordinate j.
         */
        public void grid(double[] lo, double[] width, int[] cells) {
            double[][] identity = new double[d][d];
            for (int j = 0; j < d; j++) {
                identity[j][j] = 1.0;
            }
            plane(lo, width, cells, identity);
        }

        /**
         * Sets a grid in the coordinates z_j = b_jᵀx of the basis rows b_j (each of length d; as many as lo has
         * entries): cells [lo_j + k·w_j, lo_j + (k+1)·w_j), k &lt; m_j, of z_j. One grid per plan.
         */
        public void plane(double[] lo, double[] width, int[] cells, double[][] basis) {
            int len = lo.length;
            if (width.length != len || cells.length != len || basis.length != len) {
                throw new IllegalArgumentException("a grid needs lo, width, cells and a basis row per axis");
            }
            double[] g = new double[3 * len + len * d];
            for (int j = 0; j < len; j++) {
                g[j] = lo[j];
                g[len + j] = width[j];
                g[2 * len + j] = cells[j];
                if (basis[j].length != d) {
                    throw new IllegalArgumentException("basis row " + j + " has " + basis[j].length
                            + " entries, not d = " + d);
                }
                System.arraycopy(basis[j], 0, g, 3 * len + j * d, d);
            }
            if (grid != null && !Arrays.equals(grid, g)) {
                throw new IllegalStateException("a reduction plan holds one grid");
            }
            grid = g;
            gridLength = len;
        }

        /** Sets the support of the support terms (one per plan). */
        public void support(Support s) {
            if (support != null && support != s) {
                throw new IllegalStateException("a reduction plan holds one support");
            }
            support = s;
        }

        public ReductionPlan build() {
            int c = comoments ? blockLength : -1;
            int block = blockLength + (comoments ? 1 + d + 9 * (d * (d + 1) / 2) : 0);
            double[] supportPacked = support != null ? support.packed() : new double[] {0, 0};
            int u = ReductionKernel.HEADER + ReductionKernel.RECORD * records.size();
            int uLength = projection != null ? d : 0;
            double[] gridPacked = grid != null ? grid : new double[0];
            int g = u + uLength + supportPacked.length;
            int e = g + gridPacked.length;
            double[] p = new double[e + regions.size() * (2 * d + 2)];
            p[ReductionKernel.H_TERMS] = records.size();
            p[ReductionKernel.H_DIMENSION] = d;
            p[ReductionKernel.H_BLOCK_LENGTH] = block;
            p[ReductionKernel.H_COUNTS_LENGTH] = countsLength;
            p[ReductionKernel.H_COMOMENTS] = c;
            p[ReductionKernel.H_PROJECTION] = u;
            p[ReductionKernel.H_PROJECTION_LENGTH] = uLength;
            p[ReductionKernel.H_SUPPORT] = u + uLength;
            p[ReductionKernel.H_GRID] = g;
            p[ReductionKernel.H_GRID_LENGTH] = grid != null ? gridLength : 0;
            for (int t = 0; t < records.size(); t++) {
                System.arraycopy(records.get(t), 0, p, ReductionKernel.HEADER + ReductionKernel.RECORD * t,
                        ReductionKernel.RECORD);
            }
            if (projection != null) {
                System.arraycopy(projection, 0, p, u, d);
            }
            System.arraycopy(supportPacked, 0, p, u + uLength, supportPacked.length);
            System.arraycopy(gridPacked, 0, p, g, gridPacked.length);
            for (int k = 0; k < regions.size(); k++) {
                System.arraycopy(regions.get(k), 0, p, e + k * (2 * d + 2), 2 * d + 2);
            }
            for (int t = 0; t < records.size(); t++) {
                int at = ReductionKernel.HEADER + ReductionKernel.RECORD * t;
                if (p[at + ReductionKernel.R_KIND] == ReductionKernel.EVENT) {
                    int k = (int) (-1 - p[at + ReductionKernel.R_THRESHOLD]);
                    p[at + ReductionKernel.R_THRESHOLD] = e + k * (2 * d + 2);
                }
            }
            return new ReductionPlan(p);
        }
    }
}
