package org.gdmc.estimate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.gdmc.guidance.Guidance;
import org.gdmc.reference.CellGrid;
import org.gdmc.reference.ClassLaw;
import org.gdmc.reference.Modes;
import org.gdmc.reference.ReferenceLaw;
import org.gdmc.reference.TiltedLaw;
import org.gdmc.mixture.Mixture;

/**
 * Differential entropy and total variation of the final states from a histogram on a fixed grid (d ≤ 2), with the
 * counts n_k of the n particles inside the grid and cell volume V:
 * <ul>
 *   <li>{@code density.entropy}: the plug-in Ĥ = −Σ (n_k/n) log(n_k/(nV)) plus the Miller–Madow correction
 *       (m − 1)/(2n), m the occupied cells; s.e. √(Var̂[log f̂(X)]/n). It ignores the mass outside the grid,
 *       reported as {@code density.outsideGrid}; {@code density.entropy.halfCells} is the same on cells twice as
 *       wide, and {@code density.entropy.bias} the Richardson estimate of Ĥ's binning bias, (Ĥ_{2h} − Ĥ_h)/3
 *       ({@link HistogramEntropy});</li>
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
public final class BinnedDensity implements PicturedDensity {
    private final Mixture mixture;
    private final int cls;
    private final CellGrid grid;
    /** The class law's entropy, cell masses and number of modes (1-D), or why its masses are not computed. */
    private final Reference classLaw;
    private final Map<Double, Reference> tilted = new HashMap<>();
    private final Function<Guidance, ReferenceLaw> exactLaw;
    private final Map<Guidance, Reference> exact = new HashMap<>();
    private final ProfileOptions profile;
    /** The profile's bins on the grid (1-D with a profile only). */
    private final ProfileBins profileBins;
    /** The length of each profile bin's cells. */
    private final double[] binLength;
    /** The histogram's offset in the plan's counts, once declared (−1 before). */
    private int histogram = -1;

    private BinnedDensity(Mixture mixture, int cls, CellGrid grid, Function<Guidance, ReferenceLaw> exactLaw,
                          ProfileOptions profile) {
        this.mixture = mixture;
        this.cls = cls;
        this.grid = grid;
        this.exactLaw = exactLaw;
        this.classLaw = classLaw(mixture, cls, grid);
        this.profile = profile;
        this.profileBins = profile == null ? null : ProfileBins.of(grid, profile);
        this.binLength = profileBins == null ? null : profileBins.binLength();
    }

    /**
     * The profile's bins on a 1-D grid: binOf[k] is the bin of cell k (by its centre; −1 outside the profile's range)
     * and binLength[j] the length of bin j's cells.
     */
    public record ProfileBins(int[] binOf, double[] binLength) {
        /** The bins of profile on grid; a bin that holds no cell is refused. */
        public static ProfileBins of(CellGrid grid, ProfileOptions profile) {
            int[] binOf = new int[grid.total()];
            double[] binLength = new double[profile.bins()];
            for (int k = 0; k < grid.total(); k++) {
                double centre = grid.edge(0, k) + 0.5 * grid.width(0);
                int j = (int) Math.floor((centre - profile.low()) / profile.binWidth());
                binOf[k] = centre >= profile.low() && j >= 0 && j < profile.bins() ? j : -1;
                if (binOf[k] >= 0) {
                    binLength[j] += grid.width(0);
                }
            }
            for (int j = 0; j < profile.bins(); j++) {
                if (binLength[j] == 0) {
                    throw new IllegalArgumentException("profile bin " + j + " of " + profile + " holds no cell of "
                            + grid + ": use wider bins");
                }
            }
            return new ProfileBins(binOf, binLength);
        }

        /** Σ of cell k's value over the cells of each bin, in cell order. */
        public double[] sum(java.util.function.IntToDoubleFunction cell) {
            double[] bins = new double[binLength.length];
            for (int k = 0; k < binOf.length; k++) {
                if (binOf[k] >= 0) {
                    bins[binOf[k]] += cell.applyAsDouble(k);
                }
            }
            return bins;
        }

        /** Bin j's nominal centre as the profile's estimate names print it. */
        public static String centre(ProfileOptions profile, int j) {
            return String.format(java.util.Locale.ROOT, "%.6g", profile.low() + (j + 0.5) * profile.binWidth());
        }
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
        return of(m, cls, exactLaw, null);
    }

    /**
     * As above, with the density profile of a 1-D output (when not null): {@code profile[x=…]}, the histogram's
     * density n_j / (n L_j) at each bin's nominal centre x (L_j the length of the bin's cells; s.e. from the binomial),
     * beside the same for the class law, the tilted law and the exact law ({@code profile.class[x=…]}, …).
     */
    public static BinnedDensity of(Mixture m, int cls, Function<Guidance, ReferenceLaw> exactLaw,
                                   ProfileOptions profile) {
        if (profile != null && m.dimension() != 1) {
            throw new IllegalArgumentException("the density profile is 1-D, got d=" + m.dimension());
        }
        return m.dimension() > 2 ? null : new BinnedDensity(m, cls, gridOf(m), exactLaw, profile);
    }

    /** The density grid of a mixture (d ≤ 2): where the histogram and the profile's bins live. */
    public static CellGrid gridOf(Mixture m) {
        return CellGrid.covering(m);
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
        histogram = h;
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

    /**
     * The window of the 2-D grid that holds, under every guidance value (its sums and equivalent weight), the
     * particles and the class and tilted laws' mass ({@link DensityWindow#covering}); null in 1-D.
     */
    @Override
    public DensityWindow window(List<ReducedSums> sums, double[] weights) {
        if (grid.dimension() != 2 || histogram < 0) {
            return null;
        }
        List<long[]> histograms = new ArrayList<>();
        List<double[]> tiltedMasses = new ArrayList<>();
        for (int g = 0; g < sums.size(); g++) {
            histograms.add(counts(sums.get(g), histogram));
            tiltedMasses.add(tiltedLaw(weights[g]).masses());
        }
        return DensityWindow.covering(grid, histograms, classLaw.masses(), tiltedMasses);
    }

    /**
     * The 2-D histogram of the sums (declared in their plan) in the window, for pictures, with the class law's and the
     * tilted law's masses at equivalent weight w on the same cells and the class's support boxes.
     */
    @Override
    public DensityMap map(ReducedSums sums, double w, DensityWindow window) {
        List<double[]> boxes = new ArrayList<>();
        for (org.gdmc.mixture.Component comp : mixture.components()) {
            if (comp.cls() == cls && comp instanceof org.gdmc.mixture.BoxComponent b) {
                boxes.add(new double[] {b.lower()[0], b.lower()[1], b.upper()[0], b.upper()[1]});
            }
        }
        return window.map(grid, counts(sums, histogram), classLaw.masses(), tiltedLaw(w).masses(),
                boxes.toArray(new double[0][]), new String[] {"x0", "x1"}, null);
    }

    /** The histogram's counts: the cells, then the outside of the grid. */
    private long[] counts(ReducedSums sums, int h) {
        return cellCounts(sums, h, grid.total());
    }

    /**
     * A grid histogram's counts (histogram term h of {@code cells} cells): the cells, then the outside of the grid
     * (the underflow and overflow bins together).
     */
    static long[] cellCounts(ReducedSums sums, int h, int cells) {
        long[] c = new long[cells + 1];
        for (int k = 0; k < cells; k++) {
            c[k] = sums.count(h, k + 1);
        }
        c[cells] = sums.count(h, 0) + sums.count(h, cells + 1);
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
        out.addAll(entropy(c, all - outside));
        double p = all == 0 ? Double.NaN : (double) outside / all;
        out.add(new Estimate("density.outsideGrid", p, all == 0 ? Double.NaN : Math.sqrt(p * (1 - p) / all), all));
        List<Estimate> profiles = profile == null ? List.of() : profile("profile", c, all);
        List<Estimate> references = new ArrayList<>();
        if (classLaw.masses() == null) {
            out.addAll(unavailable("ClassLaw", classLaw, all));
        } else {
            out.addAll(against("ClassLaw", classLaw.entropy(), classLaw.masses(), c));
            references.addAll(reference("class", "ClassLaw", classLaw.masses(), classLaw.modes(), all));
        }
        if (guidance != null) {
            Reference q = tiltedLaw(guidance.equivalentWeight());
            if (q.masses() == null) {
                out.addAll(unavailable("TiltedLaw", q, all));
            } else {
                out.addAll(against("TiltedLaw", q.entropy(), q.masses(), c));
                references.addAll(reference("tilted", "TiltedLaw", q.masses(), q.modes(), all));
            }
            if (exactLaw != null) {
                Reference e = exact.computeIfAbsent(guidance, g -> {
                    return Reference.of(exactLaw.apply(g), grid);
                });
                out.addAll(against("ExactLaw", e.entropy(), e.masses(), c));
                references.addAll(reference("exact", "ExactLaw", e.masses(), e.modes(), all));
            }
        }
        out.addAll(references);
        out.addAll(profiles);
        return out;
    }

    /**
     * In 1-D: {@code density.<label>Modes}, the number of modes of a reference law (local maxima of its cell masses,
     * ignoring changes below 10⁻⁶ of the largest), and its profile {@code profile.<short>[x=…]} when there is one.
     */
    private List<Estimate> reference(String shortName, String label, double[] masses, int modes, long n) {
        List<Estimate> out = new ArrayList<>();
        if (grid.dimension() != 1) {
            return out;
        }
        String lower = Character.toLowerCase(label.charAt(0)) + label.substring(1);
        out.add(new Estimate("density." + lower + "Modes", modes, 0.0, n));
        if (profile != null) {
            double[] bins = profileBins.sum(k -> masses[k]);
            for (int j = 0; j < bins.length; j++) {
                out.add(new Estimate("profile." + shortName + "[x=" + centre(j) + "]", bins[j] / binLength[j], 0.0, n));
            }
        }
        return out;
    }

    /** The histogram's density in each profile bin, n_j / (n L_j), with the binomial s.e. √(p(1 − p)/n) / L_j. */
    private List<Estimate> profile(String name, long[] c, long n) {
        // counts below 2^53 add exactly in double
        double[] bins = profileBins.sum(k -> c[k]);
        List<Estimate> out = new ArrayList<>();
        for (int j = 0; j < bins.length; j++) {
            double p = n == 0 ? Double.NaN : bins[j] / n;
            out.add(new Estimate(name + "[x=" + centre(j) + "]", p / binLength[j],
                    Math.sqrt(p * (1 - p) / n) / binLength[j], n));
        }
        return out;
    }

    private String centre(int j) {
        return ProfileBins.centre(profile, j);
    }

    /**
     * A reference law's entropy, cell masses on this grid and number of modes (1-D); or, when it cannot be computed,
     * null masses and why.
     */
    private record Reference(double entropy, double[] masses, int modes, String unavailable) {
        static Reference of(ReferenceLaw law, CellGrid grid) {
            return new Reference(law.entropy(), law.cellMasses(grid), grid.dimension() == 1 ? law.modes(grid) : 0,
                    "");
        }
    }

    /** The class law's reference on the grid; where the quadrature cannot resolve it, its masses are not computed. */
    private static Reference classLaw(Mixture mixture, int cls, CellGrid grid) {
        ClassLaw law;
        try {
            law = new ClassLaw(mixture, cls);
        } catch (TiltedLaw.UnresolvedException e) {
            return new Reference(Double.NaN, null, 0, e.getMessage().replace("the tilted law at w=0.0",
                    "the class law"));
        }
        try {
            return Reference.of(law, grid);
        } catch (TiltedLaw.UnresolvedException e) {
            return new Reference(law.entropy(), null, 0, e.getMessage().replace("the tilted law at w=0.0",
                    "the class law"));
        }
    }

    /**
     * density.&lt;label&gt;Entropy (when known without the grid) and density.tv&lt;Label&gt; with its floor, for a
     * reference whose cell masses could not be computed: NaN with the reason.
     */
    private static List<Estimate> unavailable(String label, Reference r, long n) {
        String why = "not computed: " + r.unavailable();
        String lower = Character.toLowerCase(label.charAt(0)) + label.substring(1);
        List<Estimate> out = new ArrayList<>();
        out.add(Double.isFinite(r.entropy()) ? new Estimate("density." + lower + "Entropy", r.entropy(), 0.0, n)
                : new Estimate("density." + lower + "Entropy", Double.NaN, Double.NaN, n, why));
        out.add(new Estimate("density.tv" + label, Double.NaN, Double.NaN, n, why));
        out.add(new Estimate("density.tv" + label + "NoiseFloor", Double.NaN, Double.NaN, n, why));
        return out;
    }

    /** The tilted law's reference under weight w, computed once ({@link #prepare} computes them up front). */
    private Reference tiltedLaw(double w) {
        return tilted.computeIfAbsent(w, v -> {
            try {
                return Reference.of(TiltedLaw.of(mixture, cls, v, grid), grid);
            } catch (TiltedLaw.UnresolvedException e) {
                return new Reference(Double.NaN, null, 0, e.getMessage());
            }
        });
    }

    /** The tilted law under every guidance, before sampling: one that the quadrature cannot resolve is noted. */
    @Override
    public void prepare(List<Guidance> guidances) {
        for (Guidance g : guidances) {
            tiltedLaw(g.equivalentWeight());
        }
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

    /** NAME and NAMENoiseFloor of a total variation, each with its standard error. */
    public static List<Estimate> tvEstimates(String name, TotalVariation.Result tv) {
        return List.of(new Estimate(name, tv.value(), tv.stdError(), tv.count()),
                new Estimate(name + "NoiseFloor", tv.noiseFloor(), tv.noiseFloorStdError(), tv.count()));
    }

    /** {@code density.entropy}, {@code .halfCells} and {@code .bias} ({@link HistogramEntropy}). */
    private List<Estimate> entropy(long[] c, long n) {
        HistogramEntropy h = HistogramEntropy.of(c, grid, n);
        return List.of(new Estimate("density.entropy", h.value(), h.stdError(), n),
                new Estimate("density.entropy.halfCells", h.coarse(), h.coarseStdError(), n),
                new Estimate("density.entropy.bias", h.bias(), h.biasStdError(), n));
    }
}
