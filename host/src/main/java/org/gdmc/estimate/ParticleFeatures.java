package org.gdmc.estimate;

import java.util.List;

import org.gdmc.mixture.Support;
import org.gdmc.reference.CellGrid;

/**
 * What the reduction kernel computes every term of a particle from — its signed distance r to the support of the
 * guided class, whether that nearest boundary faces the other classes, its cell of a grid, whether it is finite, and
 * whether it lies in each of the study's events —
 * for one particle at a time on the host, by the kernel's own code ({@link ReductionKernel#features}), so that a
 * weighted estimate (SMC) and the plain reduction classify a particle the same way. Holds one particle's features: one
 * instance per thread.
 */
public final class ParticleFeatures {
    private final int d;
    private final double[] program;
    private final double[] f = new double[ReductionKernel.FEATURES];
    /** Where each event's region is packed in the program. */
    private final int[] regions;
    private double[] states;
    private int particle;

    /**
     * @param grid    the grid whose cells {@link #cell} numbers (null: none, cell 0)
     * @param support the support r is measured to (null: none, r = 0)
     * @param events  the events {@link #inside} tests, in order
     */
    public ParticleFeatures(int d, CellGrid grid, Support support, List<Event> events) {
        ReductionPlan.Builder plan = ReductionPlan.builder(d);
        if (grid != null) {
            plan.grid(grid.lo(), grid.widths(), grid.cellCounts());
        }
        if (support != null) {
            plan.support(support);
        }
        for (Event e : events) {
            plan.event(e.packed());
        }
        this.d = d;
        this.program = plan.build().program();
        this.regions = new int[events.size()];
        int k = 0;
        for (int t = 0; t < (int) program[ReductionKernel.H_TERMS]; t++) {
            int rec = ReductionKernel.HEADER + ReductionKernel.RECORD * t;
            if ((int) program[rec + ReductionKernel.R_KIND] == ReductionKernel.EVENT) {
                regions[k++] = (int) program[rec + ReductionKernel.R_THRESHOLD];
            }
        }
    }

    /** Reads particle i of states (row-major, dimension d) and obs ({@code PathKernel} layout). */
    public void locate(double[] states, double[] obs, int i) {
        ReductionKernel.features(program, states, obs, d, i, f, 0, 0);
        this.states = states;
        this.particle = i;
    }

    /** Whether the particle lies in event e's region. */
    public boolean inside(int e) {
        return ReductionKernel.event(program, regions[e], states, d, particle, 0) != 0.0;
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
