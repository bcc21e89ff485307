package org.gdmc.estimate;

import java.util.ArrayList;
import java.util.List;

import org.gdmc.mixture.BoxComponent;
import org.gdmc.mixture.Component;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.reference.CellGrid;
import org.gdmc.reference.ClassLaw;
import org.gdmc.reference.TiltedLaw;

/**
 * The output of a study in d &gt; 2 seen in a plane: the histogram of z = (u₁ᵀx, u₂ᵀx) on a grid of
 * {@value CellGrid#CELLS_2D}² cells, reduced by the reduction kernel like every other term (no particle comes back),
 * for density pictures and for
 * <ul>
 *   <li>{@code plane.outsideGrid}: the fraction of finite particles off the grid;</li>
 *   <li>{@code plane.tvClassLaw} (with {@code plane.tvClassLawNoiseFloor}): the TV between the projected output and
 *       the projection of the class law p₀(· | c) over the cells ({@link TotalVariation#againstLaw}), a lower bound
 *       on TV(output, class law) in d dimensions, up to the sampling noise;</li>
 *   <li>{@code plane.tv<label>}: the same between two histograms (another guidance value, another backend).</li>
 * </ul>
 * The plane is that of the class means: u₁ = (m_c − m_other)/|m_c − m_other| ({@link ProjectionQuantiles#direction}),
 * and u₂ the unit direction orthogonal to u₁ along which the other classes' means spread most ({@link PlaneBasis}).
 * The class law's projection is a 2-D
 * Gaussian mixture (means Bm_k, covariances BΣ_kBᵀ, B = [u₁; u₂]) whose cell masses {@link ClassLaw} computes; with a
 * box component it is not computed. The tilted law's projection would need a (d − 2)-dimensional integral and is not
 * computed.
 */
public final class PlaneDensity implements PicturedDensity {
    private final Mixture mixture;
    private final int cls;
    private final double[][] basis;
    private final CellGrid grid;
    /** The projected class law's cell masses, or null with the reason in {@link #unavailable}. */
    private final double[] classMasses;
    private final String unavailable;
    private int histogram = -1;

    private PlaneDensity(Mixture mixture, int cls) {
        this.mixture = mixture;
        this.cls = cls;
        this.basis = basis(mixture, cls);
        this.grid = grid(mixture, basis);
        double[] masses = null;
        String why = "";
        Mixture projected = project(mixture, basis);
        if (projected == null) {
            why = "the projection of a box component is not a product law";
        } else {
            try {
                masses = new ClassLaw(projected, cls).cellMasses(grid);
            } catch (TiltedLaw.UnresolvedException e) {
                why = e.getMessage().replace("the tilted law at w=0.0", "the projected class law");
            }
        }
        this.classMasses = masses;
        this.unavailable = why;
    }

    /** The estimator for class cls of m when d &gt; 2, else null (the output itself is 2-D or less). */
    public static PlaneDensity of(Mixture m, int cls) {
        return m.dimension() > 2 ? new PlaneDensity(m, cls) : null;
    }

    /** The plane's rows u₁, u₂ (orthonormal, length d). */
    public double[][] basis() {
        return new double[][] {basis[0].clone(), basis[1].clone()};
    }

    public CellGrid grid() {
        return grid;
    }

    /** The projected class law's mass per cell, or null when not computed. */
    double[] classMasses() {
        return classMasses;
    }

    @Override
    public String name() {
        return "plane";
    }

    @Override
    public Reader declare(ReductionPlan.Builder plan) {
        plan.plane(grid.lo(), grid.widths(), grid.cellCounts(), basis);
        int h = plan.histogram(ReductionKernel.GRID_CELL, 0.0, 0.0, 1.0, grid.total());
        histogram = h;
        return new Reader() {
            @Override
            public List<Estimate> estimates(ReducedSums sums) {
                return read(counts(sums, h));
            }

            @Override
            public List<Estimate> compare(ReducedSums sums, ReducedSums other, String label) {
                return BinnedDensity.tvEstimates("plane.tv" + label,
                        TotalVariation.between(counts(sums, h), counts(other, h)));
            }
        };
    }

    private List<Estimate> read(long[] c) {
        long outside = c[grid.total()];
        long all = 0;
        for (long x : c) {
            all += x;
        }
        List<Estimate> out = new ArrayList<>();
        double p = all == 0 ? Double.NaN : (double) outside / all;
        out.add(new Estimate("plane.outsideGrid", p, all == 0 ? Double.NaN : Math.sqrt(p * (1 - p) / all), all));
        if (classMasses == null) {
            String why = "not computed: " + unavailable;
            out.add(new Estimate("plane.tvClassLaw", Double.NaN, Double.NaN, all, why));
            out.add(new Estimate("plane.tvClassLawNoiseFloor", Double.NaN, Double.NaN, all, why));
        } else {
            out.addAll(BinnedDensity.tvEstimates("plane.tvClassLaw", TotalVariation.againstLaw(c, classMasses)));
        }
        return out;
    }

    @Override
    public DensityWindow window(List<ReducedSums> sums, double[] weights) {
        if (histogram < 0) {
            return null;
        }
        List<long[]> histograms = new ArrayList<>();
        List<double[]> tilted = new ArrayList<>();
        for (ReducedSums s : sums) {
            histograms.add(counts(s, histogram));
            tilted.add(null);
        }
        return DensityWindow.covering(grid, histograms, classMasses, tilted);
    }

    @Override
    public DensityMap map(ReducedSums sums, double w, DensityWindow window) {
        return window.map(grid, counts(sums, histogram), classMasses, null, new double[0][],
                new String[] {"u1.x", "u2.x"}, basis());
    }

    /** The histogram's counts: the cells, then the outside of the grid. */
    private long[] counts(ReducedSums sums, int h) {
        return BinnedDensity.cellCounts(sums, h, grid.total());
    }

    /** [u₁; u₂] as the class comment defines them ({@link PlaneBasis}). */
    static double[][] basis(Mixture m, int cls) {
        double[] u1 = ProjectionQuantiles.direction(m, cls);
        double[] other = m.classes() > 1 ? m.otherClassesMean(cls) : new double[m.dimension()];
        double[] u2 = PlaneBasis.second(u1, m.classes(), cls, k -> {
            double[] v = m.classMean(k);
            for (int j = 0; j < v.length; j++) {
                v[j] -= other[j];
            }
            return v;
        });
        return new double[][] {u1, u2};
    }

    /**
     * The grid of the plane: per axis j, the hull of every component's projected u_jᵀμ ± 8σ_j (σ_j² = u_jᵀΣu_j), or
     * of its box's projection (centre ± Σ_k |u_jk| half-width_k), widened by a quarter on each side, as
     * {@link CellGrid#covering} does for the coordinates.
     */
    static CellGrid grid(Mixture m, double[][] basis) {
        int n = m.components().size();
        double[][] centre = new double[2][n];
        double[][] half = new double[2][n];
        for (int j = 0; j < 2; j++) {
            double[] u = basis[j];
            for (int k = 0; k < n; k++) {
                switch (m.components().get(k)) {
                    case GaussianComponent g -> {
                        centre[j][k] = dot(u, g.mean());
                        half[j][k] = 8 * Math.sqrt(quadratic(u, g.covariance(), u));
                    }
                    case BoxComponent x -> {
                        for (int i = 0; i < u.length; i++) {
                            centre[j][k] += u[i] * 0.5 * (x.lower()[i] + x.upper()[i]);
                            half[j][k] += Math.abs(u[i]) * 0.5 * (x.upper()[i] - x.lower()[i]);
                        }
                    }
                }
            }
        }
        return CellGrid.hull(centre, half, CellGrid.CELLS_2D);
    }

    /** The mixture's image under z = Bx, 2-D Gaussian components, or null when a component is a box. */
    static Mixture project(Mixture m, double[][] basis) {
        List<GaussianComponent> out = new ArrayList<>();
        for (Component c : m.components()) {
            if (!(c instanceof GaussianComponent g)) {
                return null;
            }
            double[] mean = {dot(basis[0], g.mean()), dot(basis[1], g.mean())};
            double[][] cov = new double[2][2];
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    cov[i][j] = quadratic(basis[i], g.covariance(), basis[j]);
                }
            }
            cov[1][0] = cov[0][1];
            out.add(new GaussianComponent(g.cls(), g.weight(), mean, cov));
        }
        return Mixture.of(out);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0.0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    /** aᵀΣb. */
    private static double quadratic(double[] a, double[][] sigma, double[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            double row = 0.0;
            for (int k = 0; k < b.length; k++) {
                row += sigma[i][k] * b[k];
            }
            s += a[i] * row;
        }
        return s;
    }
}
