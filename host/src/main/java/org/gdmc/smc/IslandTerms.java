package org.gdmc.smc;

import java.util.List;

import org.gdmc.estimate.BinnedDensity;
import org.gdmc.estimate.Event;
import org.gdmc.estimate.ParticleFeatures;
import org.gdmc.estimate.ProfileOptions;
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
 * </ul>
 * and, in d ≤ 2, the weighted cell masses of a histogram on {@link #grid()}: the density grid in 1-D, and in 2-D that
 * grid with cells {@value #COARSEN}× wider per axis (64²), since every island node carries
 * {@value IslandMeans#STRIPES} stripes of the histogram and 4096 cells keep a node near 1 MiB.
 */
public final class IslandTerms {
    public static final int POSTERIOR = 0;
    public static final int RECIPROCAL = 1;
    public static final int LOG_TARGET = 2;
    public static final int MEAN = 3;
    /** How much wider the 2-D histogram's cells are than the density grid's, per axis. */
    static final int COARSEN = 4;

    private final int d;
    private final Support support;
    private final double[] etas;
    private final CellGrid grid;
    private final List<Event> events;
    private final ProfileOptions profile;

    private IslandTerms(int d, Support support, double[] etas, CellGrid grid, List<Event> events,
                        ProfileOptions profile) {
        this.d = d;
        this.support = support;
        this.etas = etas;
        this.grid = grid;
        this.events = List.copyOf(events);
        this.profile = profile;
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
        return new IslandTerms(m.dimension(), s, etas, gridOf(m), events, profile);
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
        return MEAN + d + (support == null ? 0 : 1 + 3 * etas.length) + events.size();
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
        if (cells != null) {
            int k = f.cell();
            cells[k >= 0 ? k : cells.length - 1] += v;
        }
    }
}
