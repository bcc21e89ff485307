package org.gdmc.estimate;

import java.util.ArrayList;
import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.gdmc.target.BoxComponent;
import org.gdmc.target.Component;
import org.gdmc.target.GaussianComponent;
import org.gdmc.target.Mixture;
import org.gdmc.target.NormalIntervals;

/**
 * Differential entropy and total variation of the final states from a histogram on a fixed grid (d ≤ 2), with the
 * counts n_k of the n particles inside the grid and cell volume V:
 * <ul>
 *   <li>{@code density.entropy}: the plug-in Ĥ = −Σ (n_k/n) log(n_k/(nV)) plus the Miller–Madow correction
 *       (m − 1)/(2n), m the occupied cells; s.e. √(Var̂[log f̂(X)]/n). Its remaining bias is the discretisation,
 *       ≈ −(V^{2/d}/24) E[|∇log f|²]-sized (~1e-4 at the default grid for unit-scale laws), and it ignores the mass
 *       outside the grid, reported as {@code density.outsideGrid};</li>
 *   <li>{@code density.classLawEntropy}: the exact entropy of p₀(· | c) where it has a closed form (one Gaussian
 *       component, ½ log((2πe)^d det Σ), or disjoint boxes, −Σ w_k log(w_k/vol_k)); s.e. 0;</li>
 *   <li>{@code density.tvClassLaw}: ½ Σ_k |n_k/N − q_k| over the cells and the outside of the grid (N all finite
 *       particles), with q_k the exact class-law cell masses (products of normal-CDF differences or interval
 *       overlaps; reported only where every class component is a box or an axis-aligned Gaussian). It bounds the
 *       true TV from below up to sampling noise, which biases it upwards by about
 *       {@code density.tvClassLawNoiseFloor} = ½ Σ_k √(2 q_k(1 − q_k)/(πN)), the value exact class samples would give
 *       (normal approximation: cells with ≳ 10 expected particles). s.e. by the delta method,
 *       √((Σ s_k² p̂_k − (Σ s_k p̂_k)²)/(4N)), s_k = sign(p̂_k − q_k).</li>
 * </ul>
 */
public final class BinnedDensity implements Estimator {
    /** Default cells per axis. */
    static final int CELLS_1D = 4096;
    static final int CELLS_2D = 256;

    private final int d;
    private final double[] lo;
    private final double[] width;
    private final int[] cells;
    private final int total;
    /** Exact class-law cell masses, or null. */
    private final double[] classMasses;
    private final double classEntropy;

    private BinnedDensity(int d, double[] lo, double[] width, int[] cells, double[] classMasses, double classEntropy) {
        this.d = d;
        this.lo = lo;
        this.width = width;
        this.cells = cells;
        int t = 1;
        for (int m : cells) {
            t *= m;
        }
        this.total = t;
        this.classMasses = classMasses;
        this.classEntropy = classEntropy;
    }

    /**
     * The estimator for class cls of m on the default grid (null for d &gt; 2): per axis, the hull of every
     * component's μ ± 8σ or box, widened by a quarter on each side so that guided states pushed past the classes
     * stay on it.
     */
    public static BinnedDensity of(Mixture m, int cls) {
        int d = m.dimension();
        if (d > 2) {
            return null;
        }
        double[] lo = new double[d];
        double[] width = new double[d];
        int[] cells = new int[d];
        for (int j = 0; j < d; j++) {
            double a = Double.POSITIVE_INFINITY;
            double b = Double.NEGATIVE_INFINITY;
            for (Component c : m.components()) {
                double[] range = axisRange(c, j);
                a = Math.min(a, range[0]);
                b = Math.max(b, range[1]);
            }
            double pad = 0.25 * (b - a);
            cells[j] = d == 1 ? CELLS_1D : CELLS_2D;
            lo[j] = a - pad;
            width[j] = (b - a + 2 * pad) / cells[j];
        }
        return new BinnedDensity(d, lo, width, cells, classMasses(m, cls, lo, width, cells), classEntropy(m, cls));
    }

    private static double[] axisRange(Component c, int j) {
        return switch (c) {
            case GaussianComponent g -> {
                double s = Math.sqrt(g.covariance()[j][j]);
                yield new double[] {g.mean()[j] - 8 * s, g.mean()[j] + 8 * s};
            }
            case BoxComponent b -> new double[] {b.lower()[j], b.upper()[j]};
        };
    }

    /** q_k = Σ_{k ∈ c} (π_k/π_c) Π_j P_k(cell's interval on axis j), or null where a component is not a product law. */
    private static double[] classMasses(Mixture m, int cls, double[] lo, double[] width, int[] cells) {
        int d = cells.length;
        int total = 1;
        for (int c : cells) {
            total *= c;
        }
        double[] q = new double[total];
        double[] out = new double[2];
        for (Component c : m.components()) {
            if (c.cls() != cls) {
                continue;
            }
            if (c instanceof GaussianComponent g) {
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        if (i != j && g.covariance()[i][j] != 0.0) {
                            return null;
                        }
                    }
                }
            }
            double[][] axis = new double[d][];
            for (int j = 0; j < d; j++) {
                axis[j] = new double[cells[j]];
                for (int k = 0; k < cells[j]; k++) {
                    double a = lo[j] + k * width[j];
                    double b = lo[j] + (k + 1) * width[j];
                    axis[j][k] = switch (c) {
                        case GaussianComponent g -> {
                            double s = Math.sqrt(g.covariance()[j][j]);
                            NormalIntervals.evaluate((b - g.mean()[j]) / s, (a - g.mean()[j]) / s, width[j] / s, out, 0);
                            yield Math.exp(out[0]);
                        }
                        case BoxComponent x -> Math.max(0.0, Math.min(b, x.upper()[j]) - Math.max(a, x.lower()[j]))
                                / (x.upper()[j] - x.lower()[j]);
                    };
                }
            }
            double w = c.weight() / m.classWeight(cls);
            for (int cell = 0; cell < total; cell++) {
                double mass = w;
                int rest = cell;
                for (int j = 0; j < d; j++) {
                    mass *= axis[j][rest % cells[j]];
                    rest /= cells[j];
                }
                q[cell] += mass;
            }
        }
        return q;
    }

    /** The exact entropy of p₀(· | c), or NaN where it has no closed form here. */
    static double classEntropy(Mixture m, int cls) {
        List<Component> own = new ArrayList<>();
        for (Component c : m.components()) {
            if (c.cls() == cls) {
                own.add(c);
            }
        }
        int d = m.dimension();
        if (own.size() == 1 && own.get(0) instanceof GaussianComponent g) {
            double det = CommonOps_DDRM.det(new DMatrixRMaj(g.covariance()));
            return 0.5 * (d * Math.log(2 * Math.PI * Math.E) + Math.log(det));
        }
        double h = 0.0;
        for (int a = 0; a < own.size(); a++) {
            if (!(own.get(a) instanceof BoxComponent x)) {
                return Double.NaN;
            }
            for (int b = 0; b < a; b++) {
                BoxComponent y = (BoxComponent) own.get(b);
                boolean overlap = true;
                for (int j = 0; j < d; j++) {
                    overlap &= x.lower()[j] < y.upper()[j] && y.lower()[j] < x.upper()[j];
                }
                if (overlap) {
                    return Double.NaN;
                }
            }
            double volume = 1.0;
            for (int j = 0; j < d; j++) {
                volume *= x.upper()[j] - x.lower()[j];
            }
            double w = x.weight() / m.classWeight(cls);
            h -= w * Math.log(w / volume);
        }
        return h;
    }

    @Override
    public String name() {
        return "density";
    }

    @Override
    public Reader declare(ReductionPlan.Builder plan) {
        plan.grid(lo, width, cells);
        int h = plan.histogram(ReductionKernel.GRID_CELL, 0.0, 0.0, 1.0, total);
        return sums -> {
            long outside = sums.count(h, 0) + sums.count(h, total + 1);
            long inside = 0;
            for (int k = 0; k < total; k++) {
                inside += sums.count(h, k + 1);
            }
            long all = inside + outside;
            List<Estimate> out = new ArrayList<>();
            out.add(entropy(sums, h, inside));
            double p = all == 0 ? Double.NaN : (double) outside / all;
            out.add(new Estimate("density.outsideGrid", p, all == 0 ? Double.NaN : Math.sqrt(p * (1 - p) / all), all));
            if (!Double.isNaN(classEntropy)) {
                out.add(new Estimate("density.classLawEntropy", classEntropy, 0.0, all));
            }
            if (classMasses != null) {
                out.addAll(totalVariation(sums, h, outside, all));
            }
            return out;
        };
    }

    private Estimate entropy(ReducedSums sums, int h, long n) {
        if (n < 2) {
            return new Estimate("density.entropy", Double.NaN, Double.NaN, n);
        }
        double volume = 1.0;
        for (double w : width) {
            volume *= w;
        }
        double mean = 0.0;
        double square = 0.0;
        int occupied = 0;
        for (int k = 0; k < total; k++) {
            long c = sums.count(h, k + 1);
            if (c > 0) {
                double p = (double) c / n;
                double logDensity = Math.log(p / volume);
                mean += p * logDensity;
                square += p * logDensity * logDensity;
                occupied++;
            }
        }
        double value = -mean + (occupied - 1) / (2.0 * n);
        double se = Math.sqrt(Math.max(square - mean * mean, 0.0) / n);
        return new Estimate("density.entropy", value, se, n);
    }

    private List<Estimate> totalVariation(ReducedSums sums, int h, long outside, long n) {
        if (n == 0) {
            return List.of(new Estimate("density.tvClassLaw", Double.NaN, Double.NaN, 0));
        }
        double qOutside = 1.0;
        double tv = 0.0;
        double signed = 0.0;
        double squares = 0.0;
        double floor = 0.0;
        for (int k = 0; k <= total; k++) {
            double q;
            double p;
            if (k < total) {
                q = classMasses[k];
                qOutside -= q;
                p = (double) sums.count(h, k + 1) / n;
            } else {
                q = Math.max(qOutside, 0.0);
                p = (double) outside / n;
            }
            double sign = Math.signum(p - q);
            tv += Math.abs(p - q);
            signed += sign * p;
            squares += sign * sign * p;
            floor += Math.sqrt(2 * q * (1 - q) / (Math.PI * n));
        }
        double var = Math.max(squares - signed * signed, 0.0) / (4.0 * n);
        return List.of(new Estimate("density.tvClassLaw", 0.5 * tv, Math.sqrt(var), n),
                new Estimate("density.tvClassLawNoiseFloor", 0.5 * floor, 0.0, n));
    }
}
