package org.gdmc.highdim;

import org.gdmc.estimate.PlaneBasis;
import org.gdmc.estimate.ReductionPlan;
import org.gdmc.reference.CellGrid;

/**
 * The plane in which a large-mixture study's rows are pictured: z = (u₁ᵀx, u₂ᵀx), u₁ the class-separating direction
 * of {@link ClassLawGeometry} and u₂ the direction orthogonal to it along which the other classes' means spread most
 * ({@link PlaneBasis}), on a grid of {@value #CELLS}² cells (a picture shows the part that holds the particles,
 * {@link org.gdmc.estimate.DensityWindow}) covering every component's projected mean ± 8 of its
 * standard deviations along the axis, widened by a quarter on each side. A particle's cell is computed by the reduction
 * kernel's own grid code ({@link ReductionPlan#cell}), as in the general studies' {@code PlaneDensity}.
 *
 * @param basis the rows u₁, u₂
 * @param grid  the cells of z
 */
public record HighDimPlane(double[][] basis, CellGrid grid, ReductionPlan plan) {
    /** Cells per axis. */
    public static final int CELLS = 256;

    /** The plane of class cls of the mixture, u₁ from its geometry. */
    public static HighDimPlane of(LargeMixture m, int cls, ClassLawGeometry geo) {
        int d = m.dimension();
        double[] u1 = geo.direction();
        double[] mean = m.mean();
        double[] u2 = PlaneBasis.second(u1, m.classes(), cls, k -> {
            double[] v = m.classMean(k);
            for (int j = 0; j < d; j++) {
                v[j] -= mean[j];
            }
            return v;
        });
        double[][] basis = {u1, u2};
        double[] means = m.means();
        double[][] centre = new double[2][m.components()];
        double[][] half = new double[2][m.components()];
        for (int a = 0; a < 2; a++) {
            double[] u = basis[a];
            for (int k = 0; k < m.components(); k++) {
                for (int j = 0; j < d; j++) {
                    centre[a][k] += u[j] * means[k * d + j];
                }
                half[a][k] = 8 * Math.sqrt(m.varianceAlong(k, u));
            }
        }
        CellGrid grid = CellGrid.hull(centre, half, CELLS);
        double[] lo = grid.lo();
        double[] width = grid.widths();
        int[] cells = grid.cellCounts();
        ReductionPlan.Builder plan = ReductionPlan.builder(d);
        plan.plane(lo, width, cells, basis);
        return new HighDimPlane(basis, grid, plan.build());
    }

    /** Counts a histogram keeps: the cells, then the outside of the grid. */
    public int length() {
        return grid.total() + 1;
    }

    /** The slot of the particle at states[off ..] (row i of a row-major block): its cell, or the outside. */
    int slot(double[] states, int i) {
        int cell = plan.cell(states, i);
        return cell < 0 ? grid.total() : cell;
    }
}
