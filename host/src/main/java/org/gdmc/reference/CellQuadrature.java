package org.gdmc.reference;

import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import org.gdmc.mixture.BoxComponent;
import org.gdmc.mixture.Component;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;

/**
 * Tensor Gauss–Legendre quadrature over every cell of a grid in d ≤ 2. On each axis a cell is first cut at the
 * mixture's box edges, so that piecewise-smooth integrands (box densities are discontinuous there) are integrated to
 * the rule's full order on each piece, and around every Gaussian component narrower than a cell, so that its peak is
 * integrated too.
 */
final class CellQuadrature {
    /**
     * A log-integrand ℓ(x); −∞ (or NaN, read as −∞) where the integrand vanishes. One instance is used by one thread
     * at a time, so it may keep scratch space.
     */
    @FunctionalInterface
    interface LogIntegrand {
        double at(double[] x);
    }

    /** Cells per parallel task: large enough that a task outweighs its scheduling, small enough to balance. */
    private static final int CELLS_PER_TASK = 512;

    /** Per cell: ∫ e^{ℓ − shift} and ∫ e^{ℓ − shift} ℓ, with the common shift = max ℓ over the nodes. */
    record Integrals(double[] mass, double[] massLog, double shift) {
        double totalMass() {
            double s = 0.0;
            for (double m : mass) {
                s += m;
            }
            return s;
        }
    }

    private CellQuadrature() {
    }

    /** An integrand that is zero (or infinite) at every node: nothing to integrate on this grid. */
    static final class VanishingException extends IllegalArgumentException {
        VanishingException(String message) {
            super(message);
        }
    }

    /** Multiples of a narrow Gaussian component's standard deviation at which cells are cut around its mean. */
    private static final double[] GAUSSIAN_CUTS = {-8, -6, -4, -3, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 3, 4, 6, 8};

    /**
     * The integrals of e^ℓ and e^ℓ ℓ over every cell. The nodes are evaluated in parallel (the common fork-join pool,
     * each task with its own integrand from {@code integrands}), each node's value and each cell's sum in a fixed
     * order, so the result does not depend on the threads.
     */
    static Integrals integrate(CellGrid grid, Mixture m, int order, Supplier<LogIntegrand> integrands) {
        int d = grid.dimension();
        if (d > 2) {
            throw new IllegalArgumentException("cell quadrature is for d <= 2, got d=" + d);
        }
        GaussLegendre rule = new GaussLegendre(order);
        double[][][] nodes = new double[d][][];
        double[][][] weights = new double[d][][];
        for (int j = 0; j < d; j++) {
            double[] breaks = breakpoints(m, j, grid.width(j));
            nodes[j] = new double[grid.cells(j)][];
            weights[j] = new double[grid.cells(j)][];
            for (int k = 0; k < grid.cells(j); k++) {
                double a = grid.edge(j, k);
                double b = grid.edge(j, k + 1);
                double[] cuts = cuts(a, b, breaks);
                int pieces = cuts.length - 1;
                nodes[j][k] = new double[pieces * order];
                weights[j][k] = new double[pieces * order];
                for (int p = 0; p < pieces; p++) {
                    for (int i = 0; i < order; i++) {
                        nodes[j][k][p * order + i] = rule.node(i, cuts[p], cuts[p + 1]);
                        weights[j][k][p * order + i] = rule.weight(i, cuts[p], cuts[p + 1]);
                    }
                }
            }
        }
        int total = grid.total();
        int[] start = new int[total + 1];
        for (int cell = 0; cell < total; cell++) {
            start[cell + 1] = start[cell] + nodesIn(nodes, grid, cell);
        }
        double[] logs = new double[start[total]];
        double[] wts = new double[start[total]];
        int tasks = (total + CELLS_PER_TASK - 1) / CELLS_PER_TASK;
        double[] taskMax = new double[tasks];
        IntStream.range(0, tasks).parallel().forEach(task -> {
            LogIntegrand f = integrands.get();
            double[] x = new double[d];
            double[] none = {0.0};
            double[] unit = {1.0};
            double max = Double.NEGATIVE_INFINITY;
            for (int cell = task * CELLS_PER_TASK; cell < Math.min(total, (task + 1) * CELLS_PER_TASK); cell++) {
                int k0 = cell % grid.cells(0);
                int k1 = d == 2 ? cell / grid.cells(0) : 0;
                double[] x1 = d == 2 ? nodes[1][k1] : none;
                double[] w1 = d == 2 ? weights[1][k1] : unit;
                int at = start[cell];
                for (int b = 0; b < x1.length; b++) {
                    for (int a = 0; a < nodes[0][k0].length; a++) {
                        x[0] = nodes[0][k0][a];
                        if (d == 2) {
                            x[1] = x1[b];
                        }
                        double l = f.at(x);
                        logs[at] = Double.isNaN(l) ? Double.NEGATIVE_INFINITY : l;
                        wts[at] = weights[0][k0][a] * w1[b];
                        max = Math.max(max, logs[at]);
                        at++;
                    }
                }
            }
            taskMax[task] = max;
        });
        double shift = Double.NEGATIVE_INFINITY;
        for (double max : taskMax) {
            shift = Math.max(shift, max);
        }
        double[] mass = new double[total];
        double[] massLog = new double[total];
        if (shift == Double.NEGATIVE_INFINITY || shift == Double.POSITIVE_INFINITY) {
            throw new VanishingException((shift > 0 ? "infinite" : "zero") + " at every quadrature node on " + grid);
        }
        double common = shift;
        IntStream.range(0, tasks).parallel().forEach(task -> {
            for (int cell = task * CELLS_PER_TASK; cell < Math.min(total, (task + 1) * CELLS_PER_TASK); cell++) {
                for (int i = start[cell]; i < start[cell + 1]; i++) {
                    if (logs[i] > Double.NEGATIVE_INFINITY) {
                        double v = wts[i] * Math.exp(logs[i] - common);
                        mass[cell] += v;
                        massLog[cell] += v * logs[i];
                    }
                }
            }
        });
        return new Integrals(mass, massLog, shift);
    }

    private static int nodesIn(double[][][] nodes, CellGrid grid, int cell) {
        int n = nodes[0][cell % grid.cells(0)].length;
        return grid.dimension() == 2 ? n * nodes[1][cell / grid.cells(0)].length : n;
    }

    /**
     * The sorted, distinct cut points on the axis: the box edges, and around each Gaussian component narrower than
     * a cell on this axis (σ_j below the cell width), its mean ± {@link #GAUSSIAN_CUTS} σ_j, so that the rule
     * integrates it piece by piece however narrow it is.
     */
    private static double[] breakpoints(Mixture m, int axis, double cellWidth) {
        java.util.stream.DoubleStream.Builder cuts = java.util.stream.DoubleStream.builder();
        for (Component c : m.components()) {
            switch (c) {
                case BoxComponent b -> {
                    cuts.add(b.lower()[axis]);
                    cuts.add(b.upper()[axis]);
                }
                case GaussianComponent g -> {
                    double s = Math.sqrt(g.covariance()[axis][axis]);
                    if (s < cellWidth) {
                        for (double k : GAUSSIAN_CUTS) {
                            cuts.add(g.mean()[axis] + k * s);
                        }
                    }
                }
            }
        }
        return cuts.build().sorted().distinct().toArray();
    }

    /** a, the breakpoints strictly inside (a, b), b. */
    private static double[] cuts(double a, double b, double[] breaks) {
        double[] inside = Arrays.stream(breaks).filter(t -> t > a && t < b).toArray();
        double[] out = new double[inside.length + 2];
        out[0] = a;
        System.arraycopy(inside, 0, out, 1, inside.length);
        out[out.length - 1] = b;
        return out;
    }
}
