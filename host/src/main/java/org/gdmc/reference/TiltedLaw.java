package org.gdmc.reference;

import java.util.List;

import org.gdmc.target.BoxComponent;
import org.gdmc.target.Mixture;
import org.gdmc.target.MixtureScore;

/**
 * The tilted law q_w(x) = p₀(x | c)^{1+w} p₀(x)^{−w} / Z_w, w ≥ −1: the law guidance of weight w is often said to
 * sample, and does not (the seed papers' first claim). Equivalently q_w ∝ p₀(x | c) (p₀(c | x)/π_c)^w, so on the class's
 * support the tilt is at most π_c^{−w}, Z_w = E_{p₀(·|c)}[(p₀(c|X)/π_c)^w] ≥ 1 for w ≥ 0 (Jensen), and w = 0 is the
 * class law.
 *
 * <p>Z_w, the entropy H = log Z_w − E_q[log q̃] and the cell masses are integrated by tensor Gauss–Legendre quadrature
 * on every cell of a grid (d ≤ 2; cells cut at box edges, so box mixtures are integrated exactly). The grid must hold
 * the class's support: the mass it misses is at most π_c^{−w} P₀(outside | c) / Z_w, which the default grid
 * ({@link CellGrid#covering}, μ ± 8σ widened by a quarter) keeps below 2^w · 10^{−15} for two equal classes.
 */
public final class TiltedLaw implements ReferenceLaw {
    private static final int ORDER_1D = 8;
    private static final int ORDER_2D = 4;

    private final Mixture mixture;
    private final double[] params;
    private final int[] meta;
    /** The class's boxes when its support is compact, else null. */
    private final List<BoxComponent> support;
    private final int cls;
    private final double w;
    private final CellGrid grid;
    private final double[] masses;
    private final double logNormaliser;
    private final double entropy;

    private TiltedLaw(Mixture mixture, int cls, double w, CellGrid grid) {
        if (!(w >= -1.0) || !Double.isFinite(w)) {
            throw new IllegalArgumentException("the tilted law needs a finite w >= -1, got " + w);
        }
        if (cls < 0 || cls >= mixture.classes()) {
            throw new IllegalArgumentException("class " + cls + " is not in the mixture's " + mixture.classes());
        }
        this.mixture = mixture;
        this.params = mixture.packedParams();
        this.meta = mixture.packedMeta();
        this.support = !mixture.hasCompactSupport(cls) ? null : mixture.components().stream()
                .filter(c -> c.cls() == cls).map(c -> (BoxComponent) c).toList();
        this.cls = cls;
        this.w = w;
        this.grid = grid;
        CellQuadrature.Integrals in = integrate(grid);
        double z = in.totalMass();
        double massLog = 0.0;
        for (double v : in.massLog()) {
            massLog += v;
        }
        this.masses = in.mass();
        for (int k = 0; k < masses.length; k++) {
            masses[k] /= z;
        }
        this.logNormaliser = in.shift() + Math.log(z);
        this.entropy = logNormaliser - massLog / z;
    }

    /** On the mixture's default grid. */
    public static TiltedLaw of(Mixture m, int cls, double w) {
        return new TiltedLaw(m, cls, w, CellGrid.covering(m));
    }

    /** Integrated on the given grid, which must hold the class's support. */
    public static TiltedLaw of(Mixture m, int cls, double w, CellGrid grid) {
        return new TiltedLaw(m, cls, w, grid);
    }

    public double weight() {
        return w;
    }

    /** log Z_w, Z_w = ∫ p₀(x | c)^{1+w} p₀(x)^{−w} dx. */
    public double logNormaliser() {
        return logNormaliser;
    }

    /** log q_w(x); −∞ off the class's support. */
    public double logDensity(double[] x) {
        return unnormalised(x, new double[MixtureScore.scratchLength(mixture.dimension())]) - logNormaliser;
    }

    @Override
    public double entropy() {
        return entropy;
    }

    @Override
    public double[] cellMasses(CellGrid g) {
        if (g.equals(grid)) {
            return masses.clone();
        }
        CellQuadrature.Integrals in = integrate(g);
        double[] out = in.mass();
        double scale = Math.exp(in.shift() - logNormaliser);
        for (int k = 0; k < out.length; k++) {
            out[k] *= scale;
        }
        return out;
    }

    private CellQuadrature.Integrals integrate(CellGrid g) {
        double[] scratch = new double[MixtureScore.scratchLength(mixture.dimension())];
        int order = g.dimension() == 1 ? ORDER_1D : ORDER_2D;
        return CellQuadrature.integrate(g, mixture, order, x -> unnormalised(x, scratch));
    }

    /** (1 + w) log p₀(x | c) − w log p₀(x), and −∞ off a compact class support. */
    private double unnormalised(double[] x, double[] scratch) {
        int d = mixture.dimension();
        if (support != null && support.stream().noneMatch(b -> contains(b, x))) {
            return Double.NEGATIVE_INFINITY;
        }
        MixtureScore.evaluate(params, meta, cls, 1.0, 0.0, x, 0, scratch, 0);
        double logClass = scratch[MixtureScore.logClass(d)] - Math.log(mixture.classWeight(cls));
        double logAll = scratch[MixtureScore.logAll(d)];
        double l = (1.0 + w) * logClass - w * logAll;
        return Double.isNaN(l) || logClass == Double.NEGATIVE_INFINITY ? Double.NEGATIVE_INFINITY : l;
    }

    private static boolean contains(BoxComponent b, double[] x) {
        for (int j = 0; j < x.length; j++) {
            if (x[j] < b.lower()[j] || x[j] > b.upper()[j]) {
                return false;
            }
        }
        return true;
    }
}
