package org.gdmc.smc;

import java.util.List;

import org.gdmc.estimate.BinnedDensity;
import org.gdmc.estimate.Event;
import org.gdmc.estimate.ParticleFeatures;
import org.gdmc.estimate.ProfileOptions;
import org.gdmc.estimate.ProjectionQuantiles;
import org.gdmc.estimate.SupportOptions;
import org.gdmc.mixture.Mixture;
import org.gdmc.mixture.Support;
import org.gdmc.reference.CellGrid;

/**
 * What each SMC island reports, as weighted means m_jq = (1/M) Σ_i w̄_i φ_q(x_i) ({@link IslandMeans}) of:
 * <ul>
 *   <li>{@link #POSTERIOR} p₀(c | x), {@link #RECIPROCAL} 1/p₀(c | x), {@link #LOG_TARGET} log Q₀(x) (for the
 *       entropy H(q_w) = log Z_w − E_q[log Q₀]) and the coordinates x_j from {@link #MEAN};</li>
 *   <li>when the guided class has compact support, with r(x) the signed distance to its boundary (negative inside,
 *       as the support estimators measure it): {@link #outside()} 1[r &gt; 0], and per boundary width η (the support
 *       estimators' defaults) {@link #beyond} 1[r &gt; η], {@link #within} 1[|r| ≤ η], the mass at the boundary,
 *       and {@link #facing}, the part of it at boundaries that face the other classes;</li>
 *   <li>per event of the study, {@link #event} 1[x ∈ A];</li>
 *   <li>with compact support, the signed-distance histogram {@link #distance} 1[a_b ≤ r &lt; a_{b+1}] on the support
 *       estimators' bins (two open-ended bins outside them);</li>
 *   <li>the posterior's cumulative distribution {@link #logitEdge} 1[logit p₀(c | x) ≤ e_k] at e_k = −40 + 0.05k,
 *       whose quantiles ({@link CumulativeQuantiles}) are the posterior's;</li>
 *   <li>with other classes, the projection π(x) = uᵀx on the direction between the class means (as the plain
 *       {@code projection.*} estimates): {@link #projectionMean} π, {@link #projectionBelow} 1[π &lt; midpoint], and its
 *       cumulative distribution {@link #projectionEdge} at {@value #PROJECTION_EDGES} edges over the plain histogram's
 *       range;</li>
 * </ul>
 * and, in d ≤ 2, the weighted cell masses of a histogram on {@link #grid()}: the density grid in 1-D, and in 2-D that
 * grid with cells {@value #COARSEN}× wider per axis (64²), since every island node carries
 * {@value IslandMeans#STRIPES} stripes of the histogram and 4096 cells keep a node near 1 MiB.
 *
 * <p>Each cumulative is gathered per island as bin masses and summed into 1[s ≤ e_k] by {@link #close}, so every edge
 * is a weighted mean like the others, with its own error; its 2,600 edges add some 60 KiB to a node.
 */
public final class IslandTerms {
    public static final int POSTERIOR = 0;
    public static final int RECIPROCAL = 1;
    public static final int LOG_TARGET = 2;
    public static final int MEAN = 3;
    /** How much wider the 2-D histogram's cells are than the density grid's, per axis. */
    static final int COARSEN = 4;
    /** The posterior's cumulative: logit edges from −{@value #LOGIT_RANGE} to +40, {@value #LOGIT_STEP} apart. */
    public static final double LOGIT_RANGE = 40.0;
    public static final double LOGIT_STEP = 0.05;
    public static final int LOGIT_EDGES = 1601;
    /** Edges of the projection's cumulative. */
    public static final int PROJECTION_EDGES = 1025;

    private final int d;
    private final Support support;
    private final double[] etas;
    private final CellGrid grid;
    private final List<Event> events;
    private final ProfileOptions profile;
    private final SupportOptions distances;
    private final int distanceBins;
    private final ProjectionQuantiles projection;
    private final double[] direction;
    /** The projection's edge spacing, and the distance histogram's width: read for every particle. */
    private final double projectionStep;
    private final double distanceWidth;
    private final int base;

    private IslandTerms(int d, Support support, double[] etas, CellGrid grid, List<Event> events,
                        ProfileOptions profile, SupportOptions distances, ProjectionQuantiles projection) {
        this.d = d;
        this.support = support;
        this.etas = etas;
        this.grid = grid;
        this.events = List.copyOf(events);
        this.profile = profile;
        this.distances = distances;
        this.distanceBins = support == null ? 0 : distances.distanceBins() + 2;
        this.projection = projection;
        this.direction = projection == null ? null : projection.direction();
        this.projectionStep = projection == null ? Double.NaN
                : (projection.high() - projection.low()) / (PROJECTION_EDGES - 1);
        this.distanceWidth = distances.distanceWidth();
        this.base = MEAN + d + (support == null ? 0 : 1 + 3 * etas.length) + events.size();
    }

    /** The terms of class cls of m at the default boundary widths, with no events and no profile. */
    public static IslandTerms of(Mixture m, int cls) {
        return of(m, cls, SupportOptions.defaults(m, cls), List.of(), null);
    }

    /**
     * The terms of class cls of m with the study's boundary widths, events and 1-D density profile (null: none; its
     * bins are read from the histogram's cells).
     */
    public static IslandTerms of(Mixture m, int cls, SupportOptions support, List<Event> events,
                                 ProfileOptions profile) {
        Support s = Support.of(m, cls);
        double[] etas = s == null ? new double[0] : support.boundaryWidths();
        return new IslandTerms(m.dimension(), s, etas, gridOf(m), events, profile, support,
                ProjectionQuantiles.of(m, cls));
    }

    /** The histogram's grid of m: null beyond d = 2. */
    static CellGrid gridOf(Mixture m) {
        int d = m.dimension();
        if (d > 2) {
            return null;
        }
        CellGrid g = BinnedDensity.gridOf(m);
        if (d == 1) {
            return g;
        }
        double[] width = g.widths();
        int[] cells = g.cellCounts();
        for (int j = 0; j < d; j++) {
            width[j] *= COARSEN;
            cells[j] /= COARSEN;
        }
        return new CellGrid(g.lo(), width, cells);
    }

    /** Weighted means per island. */
    public int count() {
        return projectionEdge(0) + (projection == null ? 0 : PROJECTION_EDGES);
    }

    /** Bins of the signed-distance histogram, the two open-ended ones included (0 without compact support). */
    public int distanceBins() {
        return distanceBins;
    }

    /** The support estimators' options, which set the signed-distance histogram's bins. */
    public SupportOptions distanceOptions() {
        return distances;
    }

    /** The term of distance bin b: (−∞, a₀) at b = 0, [a_{b−1}, a_b) within, [a_last, ∞) at the last. */
    public int distance(int b) {
        return base + b;
    }

    /** The term 1[logit p₀(c | x) ≤ e_k], e_k = −{@value #LOGIT_RANGE} + k·{@value #LOGIT_STEP}. */
    public int logitEdge(int k) {
        return base + distanceBins + k;
    }

    /** The projection's estimator (its direction, midpoint and range), or null with a single class. */
    public ProjectionQuantiles projection() {
        return projection;
    }

    /** The term π(x) (with other classes). */
    public int projectionMean() {
        return logitEdge(LOGIT_EDGES);
    }

    /** The term 1[π(x) &lt; midpoint] (with other classes). */
    public int projectionBelow() {
        return projectionMean() + 1;
    }

    /** The term 1[π(x) ≤ e_k] at e_k = low + k (high − low)/(E − 1) of the projection's range (with other classes). */
    public int projectionEdge(int k) {
        return projectionMean() + (projection == null ? 0 : 2) + k;
    }

    /** The spacing of the projection's edges. */
    public double projectionStep() {
        return projectionStep;
    }

    /** The term 1[x ∈ A_e] of event e. */
    public int event(int e) {
        return MEAN + d + (support == null ? 0 : 1 + 3 * etas.length) + e;
    }

    /** The study's events. */
    public List<Event> events() {
        return events;
    }

    /** The 1-D density profile read from the histogram, or null. */
    public ProfileOptions profile() {
        return profile;
    }

    /** Cells of the histogram (0: none). */
    public int cells() {
        return grid == null ? 0 : grid.total();
    }

    /** The histogram's grid, or null (d &gt; 2). */
    public CellGrid grid() {
        return grid;
    }

    /** Whether the support terms exist (the class has compact support). */
    public boolean hasSupport() {
        return support != null;
    }

    /** The boundary widths η of {@link #beyond} and {@link #within} (none without compact support). */
    public double[] etas() {
        return etas.clone();
    }

    /** The term 1[r &gt; 0]. */
    public int outside() {
        return MEAN + d;
    }

    /** The term 1[r &gt; η_e]. */
    public int beyond(int e) {
        return MEAN + d + 1 + 3 * e;
    }

    /** The term 1[|r| ≤ η_e]. */
    public int within(int e) {
        return MEAN + d + 2 + 3 * e;
    }

    /** The term 1[|r| ≤ η_e and the nearest boundary faces the other classes]. */
    public int facing(int e) {
        return MEAN + d + 3 + 3 * e;
    }

    /** Whether other classes exist, so that {@link #facing} means something. */
    public boolean hasOtherClasses() {
        return support != null && support.hasOtherClasses();
    }

    /** A new reader of one particle's grid cell and support distance (one per thread). */
    ParticleFeatures features() {
        return new ParticleFeatures(d, grid, support, events);
    }

    /** The signed-distance bin of r: 0 below the range, 1 + ⌊(r − low)/width⌋ within, the last above. */
    int distanceBin(double r) {
        double lo = distances.distanceLow();
        int bins = distances.distanceBins();
        if (r < lo) {
            return 0;
        }
        int b = (int) Math.floor((r - lo) / distanceWidth);
        return b >= bins ? bins + 1 : 1 + b;
    }

    /**
     * The first edge e_k = lo + k·h at or above s (0 below the first), where its weight enters the cumulative; −1
     * above the last edge or for NaN (it is counted in no edge: the cumulative's last value falls short of 1 by it).
     */
    static int slot(double s, double lo, double h, int edges) {
        double k = Math.ceil((s - lo) / h);
        if (!(k < edges)) {
            return -1;
        }
        return k <= 0 ? 0 : (int) k;
    }

    /**
     * Turns the bin masses of an island's cumulative terms into the cumulatives themselves, Σ_{k' ≤ k}, so that every
     * edge is a weighted mean 1[s ≤ e_k]. Called once per island after its particles are added.
     */
    void close(double[] means) {
        cumulate(means, logitEdge(0), LOGIT_EDGES);
        if (projection != null) {
            cumulate(means, projectionEdge(0), PROJECTION_EDGES);
        }
    }

    private static void cumulate(double[] means, int from, int n) {
        for (int k = from + 1; k < from + n; k++) {
            means[k] += means[k - 1];
        }
    }

    /**
     * Adds weight v times particle i's terms to means, and v to its cell of the histogram (cells[cells()] for the
     * outside of the grid; cells may be null without a grid), with its data-law logit and log Q₀ given.
     */
    void add(ParticleFeatures f, double v, double[] states, int i, double logit, double logTarget, double[] means,
             double[] cells) {
        means[POSTERIOR] += v / (1.0 + Math.exp(-logit));
        means[RECIPROCAL] += v * (1.0 + Math.exp(-logit));
        means[LOG_TARGET] += v * logTarget;
        for (int c = 0; c < d; c++) {
            means[MEAN + c] += v * states[i * d + c];
        }
        if (support != null) {
            double r = f.distance();
            means[outside()] += r > 0 ? v : 0.0;
            for (int e = 0; e < etas.length; e++) {
                means[beyond(e)] += r > etas[e] ? v : 0.0;
                means[within(e)] += Math.abs(r) <= etas[e] ? v : 0.0;
                means[facing(e)] += Math.abs(r) <= etas[e] && f.facing() ? v : 0.0;
            }
        }
        for (int e = 0; e < events.size(); e++) {
            means[event(e)] += f.inside(e) ? v : 0.0;
        }
        if (support != null) {
            means[distance(distanceBin(f.distance()))] += v;
        }
        int edge = slot(logit, -LOGIT_RANGE, LOGIT_STEP, LOGIT_EDGES);
        if (edge >= 0) {
            means[logitEdge(edge)] += v;
        }
        if (projection != null) {
            double p = 0.0;
            for (int c = 0; c < d; c++) {
                p += direction[c] * states[i * d + c];
            }
            means[projectionMean()] += v * p;
            means[projectionBelow()] += p < projection.midpoint() ? v : 0.0;
            int e = slot(p, projection.low(), projectionStep, PROJECTION_EDGES);
            if (e >= 0) {
                means[projectionEdge(e)] += v;
            }
        }
        if (cells != null) {
            int k = f.cell();
            cells[k >= 0 ? k : cells.length - 1] += v;
        }
    }
}
