package org.gdmc.estimate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.gdmc.guidance.Guidance;
import org.gdmc.reference.CellGrid;
import org.gdmc.reference.ClassLaw;
import org.gdmc.reference.ReferenceLaw;
import org.gdmc.reference.TiltedLaw;
import org.gdmc.target.Mixture;

/**
 * Differential entropy and total variation of the final states from a histogram on a fixed grid (d ≤ 2), with the
 * counts n_k of the n particles inside the grid and cell volume V:
 * <ul>
 *   <li>{@code density.entropy}: the plug-in Ĥ = −Σ (n_k/n) log(n_k/(nV)) plus the Miller–Madow correction
 *       (m − 1)/(2n), m the occupied cells; s.e. √(Var̂[log f̂(X)]/n). Its remaining bias is the discretisation,
 *       ≈ −(V^{2/d}/24) E[|∇log f|²]-sized (~1e-4 at the default grid for unit-scale laws), and it ignores the mass
 *       outside the grid, reported as {@code density.outsideGrid};</li>
 *   <li>{@code density.classLawEntropy} and {@code density.tvClassLaw}: the entropy of p₀(· | c) ({@link ClassLaw})
 *       and the TV of the histogram (cells plus the outside of the grid) to its cell masses
 *       ({@link TotalVariation#againstLaw}: delta-method s.e.; {@code density.tvClassLawNoiseFloor} is what exact
 *       class samples would give);</li>
 *   <li>{@code density.tiltedLawEntropy} and {@code density.tvTiltedLaw} (with its noise floor): the same for the
 *       tilted law q_w ∝ p₀(x | c)^{1+w} p₀(x)^{−w} ({@link TiltedLaw}) at the guidance's equivalent weight w;</li>
 *   <li>{@code density.exactLawEntropy} and {@code density.tvExactLaw} (with its noise floor), when an exact law of
 *       the guided dynamics is supplied (the 1-D Fokker–Planck reference);</li>
 *   <li>{@code density.tv<label>} (with its noise floor): TV between two histograms of the same grid, e.g. of this
 *       guidance against the sweep's first, or of two backends ({@link TotalVariation#between}).</li>
 * </ul>
 * TV over cells bounds the TV between the continuous laws from below, up to the sampling noise above.
 */
public final class BinnedDensity implements Estimator {
    private final Mixture mixture;
    private final int cls;
    private final CellGrid grid;
    private final ClassLaw classLaw;
    private final double[] classMasses;
    private final Map<Double, Reference> tilted = new HashMap<>();
    private final Function<Guidance, ReferenceLaw> exactLaw;
    private final Map<Guidance, Reference> exact = new HashMap<>();

    private BinnedDensity(Mixture mixture, int cls, CellGrid grid, Function<Guidance, ReferenceLaw> exactLaw) {
        this.mixture = mixture;
        this.cls = cls;
        this.grid = grid;
        this.exactLaw = exactLaw;
        this.classLaw = new ClassLaw(mixture, cls);
        this.classMasses = classLaw.cellMasses(grid);
    }

    /** The estimator for class cls of m on its default grid ({@link CellGrid#covering}), or null for d &gt; 2. */
    public static BinnedDensity of(Mixture m, int cls) {
        return of(m, cls, null);
    }

    /**
     * As {@link #of(Mixture, int)}, also measured against the exact law of the guided dynamics under each guidance
     * (e.g. {@code FokkerPlanck1d}), when given: {@code density.exactLawEntropy} and {@code density.tvExactLaw}.
     */
    public static BinnedDensity of(Mixture m, int cls, Function<Guidance, ReferenceLaw> exactLaw) {
        return m.dimension() > 2 ? null : new BinnedDensity(m, cls, CellGrid.covering(m), exactLaw);
    }

    public CellGrid grid() {
        return grid;
    }

    @Override
    public String name() {
        return "density";
    }

    @Override
    public Reader declare(ReductionPlan.Builder plan) {
        plan.grid(grid.lo(), grid.widths(), grid.cellCounts());
        int h = plan.histogram(ReductionKernel.GRID_CELL, 0.0, 0.0, 1.0, grid.total());
        return new Reader() {
            @Override
            public List<Estimate> estimates(ReducedSums sums) {
                return read(sums, h, null);
            }

            @Override
            public List<Estimate> estimates(ReducedSums sums, Guidance guidance) {
                return read(sums, h, guidance);
            }

            @Override
            public List<Estimate> against(ReducedSums sums, ReferenceLaw law, String label) {
                return BinnedDensity.against(label, law.entropy(), law.cellMasses(grid), counts(sums, h));
            }

            @Override
            public List<Estimate> compare(ReducedSums sums, ReducedSums other, String label) {
                TotalVariation.Result tv = TotalVariation.between(counts(sums, h), counts(other, h));
                return tvEstimates("density.tv" + label, tv);
            }
        };
    }

    /** The histogram's counts: the cells, then the outside of the grid. */
    private long[] counts(ReducedSums sums, int h) {
        int total = grid.total();
        long[] c = new long[total + 1];
        for (int k = 0; k < total; k++) {
            c[k] = sums.count(h, k + 1);
        }
        c[total] = sums.count(h, 0) + sums.count(h, total + 1);
        return c;
    }

    private List<Estimate> read(ReducedSums sums, int h, Guidance guidance) {
        long[] c = counts(sums, h);
        long outside = c[grid.total()];
        long all = 0;
        for (long x : c) {
            all += x;
        }
        List<Estimate> out = new ArrayList<>();
        out.add(entropy(c, all - outside));
        double p = all == 0 ? Double.NaN : (double) outside / all;
        out.add(new Estimate("density.outsideGrid", p, all == 0 ? Double.NaN : Math.sqrt(p * (1 - p) / all), all));
        out.addAll(against("ClassLaw", classLaw.entropy(), classMasses, c));
        if (guidance != null) {
            Reference q = tilted.computeIfAbsent(guidance.equivalentWeight(), w -> {
                TiltedLaw law = TiltedLaw.of(mixture, cls, w, grid);
                return new Reference(law.entropy(), law.cellMasses(grid));
            });
            out.addAll(against("TiltedLaw", q.entropy(), q.masses(), c));
            if (exactLaw != null) {
                Reference e = exact.computeIfAbsent(guidance, g -> {
                    ReferenceLaw law = exactLaw.apply(g);
                    return new Reference(law.entropy(), law.cellMasses(grid));
                });
                out.addAll(against("ExactLaw", e.entropy(), e.masses(), c));
            }
        }
        return out;
    }

    /** A reference law's entropy and cell masses on this grid. */
    private record Reference(double entropy, double[] masses) {
    }

    /** density.&lt;label&gt;Entropy (as {@code classLawEntropy}) and density.tv&lt;Label&gt; with its noise floor. */
    private static List<Estimate> against(String label, double entropy, double[] masses, long[] c) {
        TotalVariation.Result tv = TotalVariation.againstLaw(c, masses);
        List<Estimate> out = new ArrayList<>();
        if (!Double.isNaN(entropy)) {
            String lower = Character.toLowerCase(label.charAt(0)) + label.substring(1);
            out.add(new Estimate("density." + lower + "Entropy", entropy, 0.0, tv.count()));
        }
        out.addAll(tvEstimates("density.tv" + label, tv));
        return out;
    }

    private static List<Estimate> tvEstimates(String name, TotalVariation.Result tv) {
        return List.of(new Estimate(name, tv.value(), tv.stdError(), tv.count()),
                new Estimate(name + "NoiseFloor", tv.noiseFloor(), tv.noiseFloorStdError(), tv.count()));
    }

    private Estimate entropy(long[] c, long n) {
        if (n < 2) {
            return new Estimate("density.entropy", Double.NaN, Double.NaN, n);
        }
        double volume = grid.cellVolume();
        double mean = 0.0;
        double square = 0.0;
        int occupied = 0;
        for (int k = 0; k < grid.total(); k++) {
            if (c[k] > 0) {
                double p = (double) c[k] / n;
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
}
