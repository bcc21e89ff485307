package org.gdmc.reference;

import java.util.List;

import org.gdmc.mixture.BoxComponent;
import org.gdmc.mixture.LogDensities;
import org.gdmc.mixture.Mixture;

/**
 * The tilted law q_w(x) = p₀(x | c)^{1+w} p₀(x)^{−w} / Z_w, w ≥ −1: the law guidance of weight w is often said to
 * sample, and does not (the seed papers' first claim). Equivalently q_w ∝ p₀(x | c) (p₀(c | x)/π_c)^w, so on the class's
 * support the tilt is at most π_c^{−w}, Z_w = E_{p₀(·|c)}[(p₀(c|X)/π_c)^w] ≥ 1 for w ≥ 0 (Jensen), and w = 0 is the
 * class law.
 *
 * <p>More generally, a geometric law q ∝ p₀(x | c)^a p₀(x)^b ({@link #geometric}; the tilted law is a = 1 + w,
 * b = −w): the annealed class law p₀(x | c)^β (a = β, b = 0), the annealed data law (a = 0, b = β), or the product of
 * the conditional and unconditional models (a = b = 1), the targets of Skreta et al.'s annealing and product of
 * experts. It is integrable when a ≥ 0, b ≥ 0 and a + b &gt; 0, or b &lt; 0 &lt; a + b (then p₀^b ≤ (π_c p₀(· | c))^b
 * and the law lives on the class's support).
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
    private final double logClassWeight;
    private final double w;
    /** The exponents of p₀(x | c) and of p₀(x). */
    private final double a;
    private final double b;
    /** How messages name the law. */
    private final String label;
    private final CellGrid grid;
    private final double[] masses;
    private final double logNormaliser;
    private final double entropy;

    private TiltedLaw(Mixture mixture, int cls, double w, CellGrid grid) {
        this(mixture, cls, 1.0 + checked(w), -w, w, "the tilted law at w=" + w, grid);
    }

    private static double checked(double w) {
        if (!(w >= -1.0) || !Double.isFinite(w)) {
            throw new IllegalArgumentException("the tilted law needs a finite w >= -1, got " + w);
        }
        return w;
    }

    private TiltedLaw(Mixture mixture, int cls, double a, double b, double w, String label, CellGrid grid) {
        if (!integrable(a, b)) {
            throw new IllegalArgumentException("p(x|c)^a p(x)^b needs finite a >= 0, b >= 0 and a + b > 0, or "
                    + "b < 0 < a + b; got a=" + a + ", b=" + b);
        }
        if (cls < 0 || cls >= mixture.classes()) {
            throw new IllegalArgumentException("class " + cls + " is not in the mixture's " + mixture.classes());
        }
        this.mixture = mixture;
        this.params = mixture.packedParams();
        this.meta = mixture.packedMeta();
        this.a = a;
        this.b = b;
        this.label = label;
        this.support = a == 0.0 || !mixture.hasCompactSupport(cls) ? null : mixture.components().stream()
                .filter(c -> c.cls() == cls).map(c -> (BoxComponent) c).toList();
        this.cls = cls;
        this.logClassWeight = Math.log(mixture.classWeight(cls));
        this.w = w;
        this.grid = grid;
        int order = grid.dimension() == 1 ? ORDER_1D : ORDER_2D;
        CellQuadrature.Integrals in = integrate(grid, order);
        double z = in.totalMass();
        this.logNormaliser = in.shift() + Math.log(z);
        this.entropy = entropy(in);
        this.masses = in.mass();
        for (int k = 0; k < masses.length; k++) {
            masses[k] /= z;
        }
        // the same integrals by the next rule: where q_w is narrower than the cells resolve, the two disagree
        CellQuadrature.Integrals check = integrate(grid, order + 1);
        double otherLogZ = check.shift() + Math.log(check.totalMass());
        double otherEntropy = entropy(check);
        if (!(Math.abs(otherLogZ - logNormaliser) <= RESOLVED) || !(Math.abs(otherEntropy - entropy) <= RESOLVED)) {
            throw new UnresolvedException(String.format(java.util.Locale.ROOT, "%s is narrower "
                    + "than the reference quadrature resolves on its grid of cells %s wide (the %d- and %d-point "
                    + "rules per cell disagree: entropies %.6g and %.6g)", label, java.util.Arrays.toString(
                    grid.widths()), order, order + 1, entropy, otherEntropy));
        }
    }

    /** Whether p(x|c)^a p(x)^b is integrable for every mixture (see the class comment). */
    public static boolean integrable(double a, double b) {
        return Double.isFinite(a) && Double.isFinite(b) && a >= 0 && ((b >= 0 && a + b > 0) || (b < 0 && a + b > 0));
    }

    /** Largest change in log Z_w and in the entropy between two rules for the quadrature to count as resolved. */
    static final double RESOLVED = 1e-6;

    /** A tilted law the quadrature cannot integrate on its grid: too narrow for the cells, or zero at every node. */
    public static final class UnresolvedException extends IllegalArgumentException {
        UnresolvedException(String message) {
            super(message);
        }
    }

    /** H = log Z − E_q[ℓ] from the per-cell integrals. */
    private static double entropy(CellQuadrature.Integrals in) {
        double z = in.totalMass();
        double massLog = 0.0;
        for (double v : in.massLog()) {
            massLog += v;
        }
        return in.shift() + Math.log(z) - massLog / z;
    }

    /**
     * log Z_w and the entropy by importance sampling from the class law (any d): with r = (p₀(c | X)/π_c)^w and
     * ℓ = log q̃(X) for n exact class draws, Z_w = E[r] and H = log E[r] − E[rℓ]/E[r]; standard errors by the delta
     * method. Their variance grows with w like Z_{2w}/Z_w², so the errors say when n is too small.
     */
    public static Sampled importanceSampled(Mixture m, int cls, double w, int n, long seed) {
        return importanceSampled(m, cls, 1.0 + w, -w, n, seed);
    }

    /**
     * As {@link #importanceSampled(Mixture, int, double, int, long)} for the geometric law p₀(x | c)^a p₀(x)^b, a &gt; 0
     * (the class law then covers its support), with r = p₀(X | c)^{a−1} p₀(X)^b: for the tilted law (a + b = 1) r is
     * the tilt (p₀(c | X)/π_c)^w, computed from the posterior and so always in range; otherwise log r is shifted by its
     * value at the first draw (the shift cancels in H and is added back to log Z).
     */
    public static Sampled importanceSampled(Mixture m, int cls, double a, double b, int n, long seed) {
        if (n < 2) {
            throw new IllegalArgumentException("need n >= 2 draws, got " + n);
        }
        if (!(a > 0) || !integrable(a, b)) {
            throw new IllegalArgumentException("importance sampling from the class law needs a > 0, got a=" + a
                    + ", b=" + b);
        }
        boolean tilted = a + b == 1.0;
        double w = -b;
        int d = m.dimension();
        double[] params = m.packedParams();
        int[] meta = m.packedMeta();
        LogDensities densities = new LogDensities(params, meta, cls, 1.0, 0.0);
        double[] x = new double[d];
        ClassLawSampler sampler = new ClassLawSampler(m, cls);
        double logPi = Math.log(m.classWeight(cls));
        // tilted: r is scaled by π_c^w ≤ 1 to stay in range; the scale cancels in H and is added back to log Z
        double shift = tilted ? w * logPi : Double.NaN;
        double meanR = 0.0;
        double meanRl = 0.0;
        double crr = 0.0;
        double crl = 0.0;
        double cll = 0.0;
        for (int i = 0; i < n; i++) {
            sampler.draw(seed, i, x, 0);
            densities.evaluate(x, 0);
            double logClass = densities.logClass() - logPi;
            double logAll = densities.logAll();
            double r;
            double rl;
            if (tilted) {
                double logPosterior = densities.logClass() - logAll;
                r = Math.exp(w * logPosterior);
                rl = r * ((1.0 + w) * logClass - w * logAll);
            } else {
                double logR = (a - 1.0) * logClass + b * logAll;
                if (i == 0) {
                    shift = -logR;
                }
                r = Math.exp(logR + shift);
                rl = r * (a * logClass + b * logAll);
            }
            double dr = r - meanR;
            double drl = rl - meanRl;
            meanR += dr / (i + 1);
            meanRl += drl / (i + 1);
            crr += dr * (r - meanR);
            crl += dr * (rl - meanRl);
            cll += drl * (rl - meanRl);
        }
        double vrr = crr / (n - 1) / n;
        double vrl = crl / (n - 1) / n;
        double vll = cll / (n - 1) / n;
        double ga = 1.0 / meanR + meanRl / (meanR * meanR);
        double gb = -1.0 / meanR;
        double entropy = Math.log(meanR) - shift - meanRl / meanR;
        double entropySe = Math.sqrt(Math.max(ga * ga * vrr + 2 * ga * gb * vrl + gb * gb * vll, 0.0));
        return new Sampled(Math.log(meanR) - shift, Math.sqrt(vrr) / meanR, entropy, entropySe, n);
    }

    /** Importance-sampling estimates of log Z_w and H(q_w) with their standard errors. */
    public record Sampled(double logNormaliser, double logNormaliserStdError, double entropy, double entropyStdError,
                          long draws) {
    }

    /** On the mixture's default grid. */
    public static TiltedLaw of(Mixture m, int cls, double w) {
        return new TiltedLaw(m, cls, w, CellGrid.covering(m));
    }

    /** Integrated on the given grid, which must hold the class's support. */
    public static TiltedLaw of(Mixture m, int cls, double w, CellGrid grid) {
        return new TiltedLaw(m, cls, w, grid);
    }

    /**
     * The geometric law p₀(x | c)^a p₀(x)^b / Z on the mixture's default grid, named {@code label} in messages (see the
     * class comment for the exponents it accepts).
     */
    public static TiltedLaw geometric(Mixture m, int cls, double a, double b, String label) {
        return geometric(m, cls, a, b, label, CellGrid.covering(m));
    }

    /** As {@link #geometric(Mixture, int, double, double, String)}, integrated on the given grid. */
    public static TiltedLaw geometric(Mixture m, int cls, double a, double b, String label, CellGrid grid) {
        return new TiltedLaw(m, cls, a, b, a + b == 1.0 ? -b : Double.NaN, label, grid);
    }

    /** w of a tilted law (NaN for another geometric law). */
    public double weight() {
        return w;
    }

    /** log Z_w, Z_w = ∫ p₀(x | c)^{1+w} p₀(x)^{−w} dx. */
    public double logNormaliser() {
        return logNormaliser;
    }

    /** log q_w(x); −∞ off the class's support. */
    public double logDensity(double[] x) {
        return unnormalised(x, new LogDensities(params, meta, cls, 1.0, 0.0)) - logNormaliser;
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
        return integrate(g, g.dimension() == 1 ? ORDER_1D : ORDER_2D);
    }

    private CellQuadrature.Integrals integrate(CellGrid g, int order) {
        try {
            return CellQuadrature.integrate(g, mixture, order, () -> {
                LogDensities densities = new LogDensities(params, meta, cls, 1.0, 0.0);
                return x -> unnormalised(x, densities);
            });
        } catch (CellQuadrature.VanishingException e) {
            throw new UnresolvedException(label + " is " + e.getMessage());
        }
    }

    /** Whether x lies in one of the class's boxes. */
    private boolean inSupport(double[] x) {
        for (BoxComponent c : support) {
            if (c.contains(x)) {
                return true;
            }
        }
        return false;
    }

    /** a log p₀(x | c) + b log p₀(x) (tilted: (1 + w) log p₀(x | c) − w log p₀(x)), −∞ off a compact class support. */
    private double unnormalised(double[] x, LogDensities densities) {
        if (support != null && !inSupport(x)) {
            return Double.NEGATIVE_INFINITY;
        }
        densities.evaluate(x, 0);
        double logClass = densities.logClass() - logClassWeight;
        double logAll = densities.logAll();
        if (a == 0.0) {
            double l = b * logAll;
            return Double.isNaN(l) || logAll == Double.NEGATIVE_INFINITY ? Double.NEGATIVE_INFINITY : l;
        }
        double l = a * logClass + b * logAll;
        return Double.isNaN(l) || logClass == Double.NEGATIVE_INFINITY ? Double.NEGATIVE_INFINITY : l;
    }
}
