package org.gdmc.study;

import java.util.ArrayList;
import java.util.List;

import org.gdmc.backend.SimulationSpec;
import org.gdmc.estimate.Estimate;
import org.gdmc.estimate.ParetoShape;
import org.gdmc.estimate.BinnedDensity;
import org.gdmc.estimate.EventEstimator;
import org.gdmc.estimate.LogitQuantiles;
import org.gdmc.estimate.ReductionKernel;
import org.gdmc.estimate.SupportOptions;
import org.gdmc.estimate.ProfileOptions;
import org.gdmc.estimate.SupportEstimator;
import org.gdmc.estimate.TotalVariation;
import org.gdmc.reference.CellGrid;
import org.gdmc.reference.ClassLaw;
import org.gdmc.reference.TiltedLaw;
import org.gdmc.smc.CumulativeQuantiles;
import org.gdmc.smc.IslandMeans;
import org.gdmc.smc.SmcOptions;
import org.gdmc.smc.SmcTarget;
import org.gdmc.smc.IslandTerms;

/**
 * The estimates of an SMC study under one guidance value, from its merged islands ({@link IslandMeans}), beside the
 * tilted law's references:
 * <ul>
 *   <li>{@code smc.logNormaliser}: log Ẑ_w, against {@code smc.logNormaliserTiltedLaw} (quadrature in d ≤ 2,
 *       importance sampling from the class law beyond, with its own error);</li>
 *   <li>{@code smc.posterior} E_q[p₀(c | x)], {@code smc.reciprocal} E_q[1/p₀(c | x)], {@code smc.mean[j]};</li>
 *   <li>{@code smc.entropy} H(q_w) = log Ẑ − E_q[log Q₀], against {@code smc.entropyTiltedLaw}; its error adds the
 *       two parts' variances, leaving out their covariance;</li>
 *   <li>where the guided class has compact support, the weighted support figures {@code smc.support.outside},
 *       {@code smc.support.beyond[η]}, {@code smc.support.within[η]} (the mass at the boundary) and
 *       {@code smc.support.facing[η]}, as the support estimators define them, at their default widths η;</li>
 *   <li>per event of the study, {@code smc.event.NAME}, beside the exact {@code event.NAME.class[k]} and
 *       {@code event.NAME.data};</li>
 *   <li>in d ≤ 2, from the weighted histogram on {@link IslandTerms#grid()}: {@code smc.tvTiltedLaw} and
 *       {@code smc.tvClassLaw}, the total variation to q_w's and to the class law's cell masses (cells and the outside
 *       of the grid), each with its noise floor (what exact weighted samples of that law would give), and
 *       {@code smc.outsideGrid}; errors by batch means over the histogram's stripes of islands
 *       ({@link TotalVariation#againstLawInGroups});</li>
 *   <li>the particle system's health: {@code smc.essMin} (the least effective sample size of any island at any
 *       step, as a fraction of the island), {@code smc.essMinMean} (its mean over islands), {@code smc.essFinal},
 *       {@code smc.resamplings} per island, {@code smc.largestShare} (the largest island's share of Σ Ẑ_j),
 *       {@code smc.logSpread} (the s.d. of log Ẑ_j), {@code smc.nonFinite}, and the Pareto shapes k̂
 *       ({@link ParetoShape}) of Ẑ_j across islands ({@code smc.paretoK}) and of each island's final weights
 *       ({@code smc.paretoKWithin}, mean over islands; {@code smc.paretoKWithinMax}).</li>
 * </ul>
 * The weighted estimates carry a note when their errors cannot be trusted: log Ẑ more than 5 combined s.e. from the
 * tilted law's reference, k̂ across islands at or above {@value ParetoShape#UNRELIABLE}, or every island's weights
 * vanished; a milder note between 1/2 and that, where the
 * error converges slowly; a note when an island's weights collapsed onto one particle at some step (effective sample
 * size below {@value #COLLAPSED}); and a note when there are too few islands to fit the tail at all.
 */
final class SmcEstimates {
    /** An island whose effective sample size fell below this at some step collapsed onto one particle. */
    static final double COLLAPSED = 1.5;
    /** Combined standard errors between log Ẑ and its reference beyond which every weighted estimate is flagged. */
    static final double REFERENCE_SIGMAS = 5.0;
    /** Class-law draws of the importance-sampled reference beyond d = 2. */
    static final int REFERENCE_DRAWS = 1 << 20;

    private SmcEstimates() {
    }

    static List<Estimate> of(IslandMeans m, SimulationSpec sim, SmcOptions options, IslandTerms terms, double w,
                             long particles) {
        List<Estimate> out = new ArrayList<>();
        int d = sim.target().dimension();
        List<Estimate> references = references(sim, options.target(), w, particles);
        String note = note(m, references.get(0));
        out.add(new Estimate("smc.logNormaliser", m.logNormaliser(), m.logNormaliserStdError(), particles, note));
        out.add(new Estimate("smc.posterior", m.mean(IslandTerms.POSTERIOR), m.stdError(IslandTerms.POSTERIOR),
                particles, note));
        out.add(new Estimate("smc.reciprocal", m.mean(IslandTerms.RECIPROCAL), m.stdError(IslandTerms.RECIPROCAL),
                particles, note));
        double entropy = m.logNormaliser() - m.mean(IslandTerms.LOG_TARGET);
        double entropySe = Math.hypot(m.logNormaliserStdError(), m.stdError(IslandTerms.LOG_TARGET));
        out.add(new Estimate("smc.entropy", entropy, entropySe, particles, note));
        for (int j = 0; j < d; j++) {
            out.add(new Estimate("smc.mean[" + j + "]", m.mean(IslandTerms.MEAN + j), m.stdError(IslandTerms.MEAN + j),
                    particles, note));
        }
        out.addAll(support(m, terms, particles, note));
        out.addAll(posteriorQuantiles(m, terms, particles, note));
        out.addAll(projection(m, terms, particles, note));
        for (int e = 0; e < terms.events().size(); e++) {
            out.add(weighted("smc.event." + terms.events().get(e).name(), m, terms.event(e), particles, note));
        }
        if (!terms.events().isEmpty()) {
            out.addAll(new EventEstimator(sim.target(), terms.events()).references());
        }
        out.addAll(histogram(m, terms, sim, options.target(), w, particles, note));
        out.addAll(references);
        double island = options.island();
        out.add(new Estimate("smc.essMin", m.minEss() / island, 0.0, particles,
                "least effective sample size of any island at any step, as a fraction of the island"));
        out.add(new Estimate("smc.essMinMean", m.meanMinEss() / island, 0.0, particles,
                "mean over islands of each island's least effective sample size (fraction of the island)"));
        out.add(new Estimate("smc.essFinal", m.meanFinalEss() / island, 0.0, particles,
                "mean final effective sample size (fraction of the island)"));
        out.add(new Estimate("smc.resamplings", m.resamplingsPerIsland(), 0.0, particles, "per island"));
        out.add(new Estimate("smc.largestShare", m.largestShare(), 0.0, particles,
                "the largest island's share of the normaliser estimate"));
        out.add(new Estimate("smc.logSpread", m.logSpread(), 0.0, particles,
                "standard deviation of log Z_j across islands"));
        out.add(new Estimate("smc.nonFinite", m.nonFinite(), 0.0, particles,
                "particles of positive weight left out because their state or logit was not finite"));
        out.add(new Estimate("smc.paretoK", m.shapeAcrossIslands(), 0.0, m.islands(),
                Double.isNaN(m.shapeAcrossIslands()) ? "not fitted: " + m.islands() + " islands leave no tail of 5 "
                        + "normalisers (21 islands at least)" : "Pareto shape of the islands' normalisers Z_j: below "
                        + "0.5 the errors are honest, from 0.7 not"));
        out.add(new Estimate("smc.paretoKWithin", m.meanShapeWithinIslands(), 0.0, m.islands(),
                "mean over islands of the Pareto shape of each island's final weights"));
        out.add(new Estimate("smc.paretoKWithinMax", m.maxShapeWithinIslands(), 0.0, m.islands(),
                "largest Pareto shape of any island's final weights"));
        return out;
    }

    /** The weighted support figures, when the class has compact support. */
    private static List<Estimate> support(IslandMeans m, IslandTerms terms, long particles, String note) {
        List<Estimate> out = new ArrayList<>();
        if (!terms.hasSupport()) {
            return out;
        }
        out.add(weighted("smc.support.outside", m, terms.outside(), particles, note));
        double[] etas = terms.etas();
        for (int e = 0; e < etas.length; e++) {
            String eta = SupportEstimator.format(etas[e]);
            out.add(weighted("smc.support.within[" + eta + "]", m, terms.within(e), particles, note));
            out.add(weighted("smc.support.beyond[" + eta + "]", m, terms.beyond(e), particles, note));
            if (terms.hasOtherClasses()) {
                out.add(weighted("smc.support.facing[" + eta + "]", m, terms.facing(e), particles, note));
            }
        }
        SupportOptions bins = terms.distanceOptions();
        for (int b = 0; b < terms.distanceBins(); b++) {
            out.add(weighted("smc.support.distance" + SupportEstimator.distanceBin(bins.distanceLow(),
                    bins.distanceWidth(), bins.distanceBins(), b), m, terms.distance(b), particles, note));
        }
        return out;
    }

    /**
     * smc.posterior.q01 … q99, the quantiles of p₀(c | x) under the weighted law, and smc.reciprocalPosterior.median,
     * from the weighted cumulative of the logit ({@link CumulativeQuantiles}), as the plain posterior.* figures.
     */
    private static List<Estimate> posteriorQuantiles(IslandMeans m, IslandTerms terms, long particles, String note) {
        CumulativeQuantiles q = cumulative(m, terms.logitEdge(0), IslandTerms.LOGIT_EDGES, -IslandTerms.LOGIT_RANGE,
                IslandTerms.LOGIT_STEP);
        List<Estimate> out = new ArrayList<>();
        for (double level : LogitQuantiles.LEVELS) {
            double[] band = q.band(level);
            double se = 0.5 * (ReductionKernel.sigmoid(band[1]) - ReductionKernel.sigmoid(band[0]));
            out.add(new Estimate(String.format("smc.posterior.q%02d", Math.round(level * 100)),
                    ReductionKernel.sigmoid(q.quantile(level)), se, particles, note));
        }
        double[] band = q.band(0.5);
        out.add(new Estimate("smc.reciprocalPosterior.median", 1.0 + Math.exp(-q.quantile(0.5)),
                0.5 * Math.abs(Math.exp(-band[0]) - Math.exp(-band[1])), particles, note));
        return out;
    }

    /**
     * With other classes, smc.projection.mean, .otherSide and .q01 … .q99 of π(x) = uᵀx under the weighted law, as the
     * plain projection.* figures.
     */
    private static List<Estimate> projection(IslandMeans m, IslandTerms terms, long particles, String note) {
        List<Estimate> out = new ArrayList<>();
        if (terms.projection() == null) {
            return out;
        }
        out.add(weighted("smc.projection.mean", m, terms.projectionMean(), particles, note));
        CumulativeQuantiles q = cumulative(m, terms.projectionEdge(0), IslandTerms.PROJECTION_EDGES,
                terms.projection().low(), terms.projectionStep());
        for (double level : LogitQuantiles.LEVELS) {
            out.add(new Estimate(String.format("smc.projection.q%02d", Math.round(level * 100)), q.quantile(level),
                    q.quantileError(level), particles, note));
        }
        out.add(weighted("smc.projection.otherSide", m, terms.projectionBelow(), particles, note));
        return out;
    }

    /** The weighted cumulative held in terms first … first + edges − 1, at lo, lo + h, … */
    private static CumulativeQuantiles cumulative(IslandMeans m, int first, int edges, double lo, double h) {
        double[] f = new double[edges];
        double[] se = new double[edges];
        for (int k = 0; k < edges; k++) {
            f[k] = m.mean(first + k);
            se[k] = m.stdError(first + k);
            if (k > 0 && f[k] < f[k - 1]) {
                f[k] = f[k - 1];
            }
        }
        return new CumulativeQuantiles(f, se, lo, h);
    }

    private static Estimate weighted(String name, IslandMeans m, int term, long particles, String note) {
        return new Estimate(name, m.mean(term), m.stdError(term), particles, note);
    }

    /**
     * smc.tvTiltedLaw and smc.tvClassLaw with their noise floors, and smc.outsideGrid, from the weighted histogram
     * (none beyond d = 2); a reference the quadrature cannot resolve gives NaN with the reason.
     */
    private static List<Estimate> histogram(IslandMeans m, IslandTerms terms, SimulationSpec sim, SmcTarget target,
                                            double w,
                                            long particles, String note) {
        List<Estimate> out = new ArrayList<>();
        CellGrid grid = terms.grid();
        if (grid == null) {
            return out;
        }
        double[][] sums = m.stripeSums();
        double[] normalisers = m.stripeNormalisers();
        StringBuilder cells = new StringBuilder();
        for (int j = 0; j < grid.dimension(); j++) {
            cells.append(j == 0 ? "" : " x ").append(grid.cells(j));
        }
        String gridNote = note.isEmpty() ? "weighted histogram of " + cells + " cells" : note;
        double[] q;
        String why = "";
        try {
            q = law(sim, target, w, grid).cellMasses(grid);
        } catch (TiltedLaw.UnresolvedException e) {
            q = null;
            why = e.getMessage();
        }
        out.addAll(tv("smc.tvTiltedLaw", sums, normalisers, q, why, particles, gridNote));
        double[] tilted = q;
        try {
            q = new ClassLaw(sim.target(), sim.cls()).cellMasses(grid);
        } catch (TiltedLaw.UnresolvedException e) {
            q = null;
            why = e.getMessage().replace("the tilted law at w=0.0", "the class law");
        }
        out.addAll(tv("smc.tvClassLaw", sums, normalisers, q, why, particles, gridNote));
        if (terms.profile() != null) {
            out.addAll(profile(m, terms.profile(), grid, tilted, q, particles, note));
        }
        int outside = grid.total();
        out.add(new Estimate("smc.outsideGrid", m.cellMass(outside), m.cellMassStdError(outside), particles, note));
        return out;
    }

    /**
     * smc.profile[x=…]: the weighted mass of each profile bin's cells over their length, s.e. by batch means over the
     * stripes; then the tilted and class laws' profiles from their cell masses (left out where not computed).
     */
    private static List<Estimate> profile(IslandMeans m, ProfileOptions profile, CellGrid grid, double[] tilted,
                                          double[] classLaw, long particles, String note) {
        BinnedDensity.ProfileBins bins = BinnedDensity.ProfileBins.of(grid, profile);
        double[][] sums = m.stripeSums();
        double[][] perStripe = new double[sums.length][];
        for (int g = 0; g < sums.length; g++) {
            double[] stripe = sums[g];
            perStripe[g] = bins.sum(k -> stripe[k]);
        }
        List<Estimate> out = new ArrayList<>();
        for (int j = 0; j < profile.bins(); j++) {
            double[] bin = new double[sums.length];
            for (int g = 0; g < sums.length; g++) {
                bin[g] = perStripe[g][j];
            }
            double[] ratio = m.stripeRatio(bin);
            double length = bins.binLength()[j];
            out.add(new Estimate("smc.profile[x=" + BinnedDensity.ProfileBins.centre(profile, j) + "]",
                    ratio[0] / length, ratio[1] / length, particles, note));
        }
        for (String kind : List.of("tilted", "class")) {
            double[] law = kind.equals("tilted") ? tilted : classLaw;
            if (law == null) {
                continue;
            }
            double[] lawBins = bins.sum(k -> law[k]);
            for (int j = 0; j < lawBins.length; j++) {
                out.add(new Estimate("smc.profile." + kind + "[x=" + BinnedDensity.ProfileBins.centre(profile, j)
                        + "]", lawBins[j] / bins.binLength()[j], 0.0, particles));
            }
        }
        return out;
    }

    private static List<Estimate> tv(String name, double[][] sums, double[] normalisers, double[] q, String why,
                                     long particles, String note) {
        if (q == null) {
            String n = "not computed: " + why;
            return List.of(new Estimate(name, Double.NaN, Double.NaN, particles, n),
                    new Estimate(name + "NoiseFloor", Double.NaN, Double.NaN, particles, n));
        }
        TotalVariation.Result r = TotalVariation.againstLawInGroups(sums, normalisers, q, particles);
        return List.of(new Estimate(name, r.value(), r.stdError(), particles, note),
                new Estimate(name + "NoiseFloor", r.noiseFloor(), r.noiseFloorStdError(), particles,
                        "what exact weighted samples of the law would give, from the spread of the stripes"));
    }

    /**
     * What the weighted estimates' notes say about their errors ("" when nothing is wrong), from k̂ and from log Ẑ
     * against the tilted law's reference: the islands can all miss the same part of q_w (then they agree with one
     * another, k̂ is small, and only the reference shows it), so a log Ẑ more than {@value #REFERENCE_SIGMAS} combined
     * s.e. from the reference makes every weighted estimate unreliable.
     */
    static String note(IslandMeans m, Estimate reference) {
        double k = m.shapeAcrossIslands();
        String advice = "more steps, proposal: conditional, larger islands or more of them";
        if (m.logNormaliser() == Double.NEGATIVE_INFINITY) {
            return "unreliable: every island's weights vanished (no particle reached where q_w has mass)";
        }
        double gap = m.logNormaliser() - reference.value();
        double sigmas = Math.abs(gap) / Math.hypot(m.logNormaliserStdError(), reference.stdError());
        if (sigmas > REFERENCE_SIGMAS) {
            return String.format(java.util.Locale.ROOT, "unreliable: log Z is %.3g (%.1f s.e.) %s the tilted law's "
                    + "reference (%s): the islands miss part of q_w, so every weighted estimate may be biased beyond "
                    + "its error; try moves: 10 or more, %s", Math.abs(gap), sigmas, gap < 0 ? "below" : "above",
                    reference.note(), advice);
        }
        if (Double.isNaN(k)) {
            return "not judged: " + m.islands() + " islands are too few to fit the tail of their normalisers (21 "
                    + "at least); the errors assume a light tail";
        }
        if (k >= ParetoShape.UNRELIABLE) {
            return String.format(java.util.Locale.ROOT, "unreliable: the islands' normalisers have a Pareto tail of "
                    + "shape %.2f (>= %.1f): a few islands decide the estimate, the errors are too small and log Z "
                    + "is likely low; try %s", k, ParetoShape.UNRELIABLE, advice);
        }
        if (k >= ParetoShape.INFINITE_VARIANCE) {
            return String.format(java.util.Locale.ROOT, "slow: the islands' normalisers have a Pareto tail of shape "
                    + "%.2f (>= 0.5, no finite variance): the errors converge slowly and may be small; try %s", k,
                    advice);
        }
        if (m.minEss() < COLLAPSED) {
            return String.format(java.util.Locale.ROOT, "collapsed: at some step an island's weights fell on a single "
                    + "particle (least effective sample size %.2f): its share of every estimate rests on one "
                    + "ancestor; the errors, from the spread between islands, still hold; try %s", m.minEss(), advice);
        }
        return "";
    }

    /** log Z_w and H(q_w) of the tilted law: quadrature in d ≤ 2, importance sampling beyond or where it fails. */
    private static List<Estimate> references(SimulationSpec sim, SmcTarget target, double w, long particles) {
        if (sim.target().dimension() <= 2) {
            try {
                TiltedLaw q = law(sim, target, w, null);
                return List.of(new Estimate("smc.logNormaliserTiltedLaw", q.logNormaliser(), 0.0, particles,
                                "quadrature"),
                        new Estimate("smc.entropyTiltedLaw", q.entropy(), 0.0, particles, "quadrature"));
            } catch (IllegalArgumentException e) {
                // unresolved on its grid: importance sampling below
            }
        }
        double a = target.classExponent(w);
        double b = target.dataExponent(w);
        if (!(a > 0)) {
            String why = "not computed: importance sampling from the class law cannot cover " + target.describe(w)
                    + ", and the quadrature holds d <= 2 only";
            return List.of(new Estimate("smc.logNormaliserTiltedLaw", Double.NaN, Double.NaN, particles, why),
                    new Estimate("smc.entropyTiltedLaw", Double.NaN, Double.NaN, particles, why));
        }
        TiltedLaw.Sampled s = target.kind() == SmcTarget.Kind.TILTED
                ? TiltedLaw.importanceSampled(sim.target(), sim.cls(), w, REFERENCE_DRAWS, sim.seed())
                : TiltedLaw.importanceSampled(sim.target(), sim.cls(), a, b, REFERENCE_DRAWS, sim.seed());
        String how = "importance sampling, " + REFERENCE_DRAWS + " class-law draws";
        return List.of(new Estimate("smc.logNormaliserTiltedLaw", s.logNormaliser(), s.logNormaliserStdError(),
                        s.draws(), how),
                new Estimate("smc.entropyTiltedLaw", s.entropy(), s.entropyStdError(), s.draws(), how));
    }

    /**
     * The target's law by quadrature ({@link TiltedLaw}): the tilted law q_w, or the geometric law p₀(x | c)^a p₀(x)^b
     * of another target; on the given grid (null: the default one).
     */
    private static TiltedLaw law(SimulationSpec sim, SmcTarget target, double w, CellGrid grid) {
        if (target.kind() == SmcTarget.Kind.TILTED) {
            return grid == null ? TiltedLaw.of(sim.target(), sim.cls(), w) : TiltedLaw.of(sim.target(), sim.cls(), w,
                    grid);
        }
        double a = target.classExponent(w);
        double b = target.dataExponent(w);
        return grid == null ? TiltedLaw.geometric(sim.target(), sim.cls(), a, b, target.describe(w))
                : TiltedLaw.geometric(sim.target(), sim.cls(), a, b, target.describe(w), grid);
    }
}
