package org.gdmc.estimate;

import org.gdmc.mixture.Support;
import org.gdmc.reference.CellGrid;

/**
 * What the reduction kernel computes every term of a particle from — its signed distance r to the support of the
 * guided class, whether that nearest boundary faces the other classes, its cell of a grid, and whether it is finite —
 * for one particle at a time on the host, by the kernel's own code ({@link ReductionKernel#features}), so that a
 * weighted estimate (SMC) and the plain reduction classify a particle the same way. Holds one particle's features: one
 * instance per thread.
 */
public final class ParticleFeatures {
    private final int d;
    private final double[] program;
    private final double[] f = new double[ReductionKernel.FEATURES];

    /**
     * @param grid    the grid whose cells {@link #cell} numbers (null: none, cell 0)
     * @param support the support r is measured to (null: none, r = 0)
     */
    public ParticleFeatures(int d, CellGrid grid, Support support) {
        ReductionPlan.Builder plan = ReductionPlan.builder(d);
        if (grid != null) {
            plan.grid(grid.lo(), grid.widths(), grid.cellCounts());
        }
        if (support != null) {
            plan.support(support);
        }
        this.d = d;
        this.program = plan.build().program();
    }

    /** Reads particle i of states (row-major, dimension d) and obs ({@code PathKernel} layout). */
    public void locate(double[] states, double[] obs, int i) {
        ReductionKernel.features(program, states, obs, d, i, f, 0, 0);
    }

    /** r(x): the signed distance to the support's boundary, negative inside. */
    public double distance() {
        return f[ReductionKernel.F_DISTANCE];
    }

    /** Whether the nearest boundary faces the other classes. */
    public boolean facing() {
        return f[ReductionKernel.F_FACING] != 0.0;
    }

    /** The grid cell (axis 0 fastest), or −1 outside the grid. */
    public int cell() {
        return (int) f[ReductionKernel.F_CELL];
    }

    /** Whether the state and the data-law logit are finite. */
    public boolean finite() {
        return f[ReductionKernel.F_FINITE] != 0.0;
    }
}
