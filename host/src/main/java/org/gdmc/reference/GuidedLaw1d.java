package org.gdmc.reference;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

import org.gdmc.kernel.ScorePass;
import org.gdmc.mixture.Mixture;
import org.gdmc.mixture.MixtureScore;

/**
 * A 1-D law given by the masses m_i of M cells [e_i, e_{i+1}) with a constant density m_i/(e_{i+1} − e_i) in each,
 * e.g. the law at δ of the guided reverse dynamics ({@link FokkerPlanck1d}), with the statistics a Monte Carlo study of
 * class c of the mixture reports. Integrals of smooth functions use 4-point Gauss–Legendre in every cell.
 */
public final class GuidedLaw1d implements ReferenceLaw {
    private static final GaussLegendre RULE = new GaussLegendre(4);

    private final double[] edges;
    private final double[] mass;
    private final double[] params;
    private final int[] meta;
    private final int cls;

    /** @param edges M + 1 increasing edges; @param mass M masses ≥ 0. Both kept. */
    GuidedLaw1d(double[] edges, double[] mass, Mixture mixture, int cls) {
        for (int i = 0; i < mass.length; i++) {
            if (!(edges[i + 1] > edges[i])) {
                throw new IllegalStateException("cell " + i + " has collapsed: edges " + edges[i] + ", " + edges[i + 1]);
            }
        }
        this.edges = edges;
        this.mass = mass;
        this.params = mixture.packedParams();
        this.meta = mixture.packedMeta();
        this.cls = cls;
    }

    public int cells() {
        return mass.length;
    }

    /** Edge i, 0 ≤ i ≤ M. */
    public double edge(int i) {
        return edges[i];
    }

    /** The average density of cell i. */
    public double density(int i) {
        return mass[i] / (edges[i + 1] - edges[i]);
    }

    /** Σ m_i: 1 up to rounding and the start law's mass outside the domain, as the schemes conserve mass. */
    public double totalMass() {
        double s = 0.0;
        for (double m : mass) {
            s += m;
        }
        return s;
    }

    /** The mass of the first and last cells, where a zero-flux wall holds whatever would have left. */
    public double boundaryMass() {
        return mass[0] + mass[mass.length - 1];
    }

    /** Smallest cell mass (≥ 0, as the schemes preserve positivity). */
    public double minimumMass() {
        return Arrays.stream(mass).min().orElse(0.0);
    }

    /** −Σ m_i log(m_i/width_i): the exact entropy of the piecewise-constant density. */
    @Override
    public double entropy() {
        double s = 0.0;
        for (int i = 0; i < mass.length; i++) {
            if (mass[i] > 0) {
                s -= mass[i] * Math.log(density(i));
            }
        }
        return s;
    }

    /**
     * The modes of the density on its own cells: resampled onto another grid, a piecewise-constant density gains
     * a step wherever a cell edge falls inside a target cell, which would count as spurious modes.
     */
    @Override
    public int modes(CellGrid grid) {
        double[] d = new double[mass.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = density(i);
        }
        return Modes.count(d);
    }

    /** F(b) − F(a) per target cell, F the CDF of the piecewise-constant density. */
    @Override
    public double[] cellMasses(CellGrid grid) {
        if (grid.dimension() != 1) {
            throw new IllegalArgumentException("a 1-D law on a " + grid.dimension() + "-D grid");
        }
        double[] cdf = new double[mass.length + 1];
        for (int i = 0; i < mass.length; i++) {
            cdf[i + 1] = cdf[i] + mass[i];
        }
        double[] out = new double[grid.total()];
        double prev = cdfAt(cdf, grid.edge(0, 0));
        for (int k = 0; k < out.length; k++) {
            double next = cdfAt(cdf, grid.edge(0, k + 1));
            out[k] = next - prev;
            prev = next;
        }
        return out;
    }

    private double cdfAt(double[] cdf, double x) {
        if (x <= edges[0]) {
            return 0.0;
        }
        if (x >= edges[mass.length]) {
            return cdf[mass.length];
        }
        int at = Arrays.binarySearch(edges, x);
        int i = at >= 0 ? at : -at - 2;
        return cdf[i] + (x - edges[i]) * density(i);
    }

    /** E[X]. */
    public double mean() {
        return expectation(x -> x);
    }

    /** Var[X]. */
    public double variance() {
        double m = mean();
        return expectation(x -> (x - m) * (x - m));
    }

    /** E[p₀(c | X)], the class posterior under the data law, as {@code posterior.mean} reports it. */
    public double posteriorMean() {
        double[] scratch = new double[ScorePass.length(1) + 1];
        return expectation(x -> 1.0 / (1.0 + Math.exp(-logit(x, scratch))));
    }

    /** E[1/p₀(c | X)] = E[1 + e^{−ℓ}], as {@code reciprocalPosterior.mean} reports it. */
    public double reciprocalPosteriorMean() {
        double[] scratch = new double[ScorePass.length(1) + 1];
        return expectation(x -> 1.0 + Math.exp(-logit(x, scratch)));
    }

    private double logit(double x, double[] scratch) {
        scratch[scratch.length - 1] = x;
        MixtureScore.evaluate(params, meta, cls, 1.0, 0.0, scratch, scratch.length - 1, scratch, 0);
        return ScorePass.classLogit(scratch, 0, 1);
    }

    /** ∫ f dP, 4-point Gauss–Legendre in every cell. */
    public double expectation(DoubleUnaryOperator f) {
        double s = 0.0;
        for (int i = 0; i < mass.length; i++) {
            if (mass[i] == 0.0) {
                continue;
            }
            double a = edges[i];
            double b = edges[i + 1];
            double cell = 0.0;
            for (int k = 0; k < RULE.size(); k++) {
                cell += RULE.weight(k, a, b) * f.applyAsDouble(RULE.node(k, a, b));
            }
            s += density(i) * cell;
        }
        return s;
    }
}
