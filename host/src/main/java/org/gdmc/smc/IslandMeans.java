package org.gdmc.smc;

/**
 * Estimates from independent SMC islands: the normaliser Z_w and self-normalised means E_q[φ], each with a standard
 * error from the spread between islands (the island is the unit of independence: resampling makes its particles
 * dependent).
 *
 * <p>Island j brings its normaliser estimate Ẑ_j and its weighted means m_jq = (1/M) Σ_k w̄_k φ_q(x_k) (weights of
 * mean 1). Then Ẑ = (1/J) Σ Ẑ_j is unbiased for Z_w, and E_q[φ_q] is estimated by the ratio
 * μ_q = Σ Ẑ_j m_jq / Σ Ẑ_j, which weights each island by its own evidence, so the estimate is consistent as the
 * islands grow in number for any island size (equal island weights would leave a bias of order 1/M). Standard
 * errors: s.e.(Ẑ)/Ẑ from the sample variance of Ẑ_j, and for μ_q the delta method of a ratio,
 * var μ = Σ_j Ẑ_j² (m_jq − μ_q)² / (Σ Ẑ_j)² · J/(J − 1). log Ẑ's standard error is s.e.(Ẑ)/Ẑ (the delta method
 * again).
 *
 * <p>These errors are honest only when Ẑ_j has a light tail: when the proposal rarely visits where q_w has mass, a
 * few islands would carry most of Σ Ẑ_j, and until they appear the errors are too small (the estimate is then
 * biased low in log Z). The Pareto shape of Ẑ_j across islands ({@link #shapeAcrossIslands}, from the largest
 * {@value #TOP} log Ẑ_j kept in the node) says whether they are; {@link #largestShare} and the spread of log Ẑ_j
 * ({@link #logSpread}) help a reader see it.
 *
 * <p>A weighted histogram on a grid of C cells (plus the outside) is kept in {@value #STRIPES} stripes of islands,
 * island j in stripe j mod {@value #STRIPES}: per stripe g, B_g = Σ_{j ∈ g} Ẑ_j and S_gk = Σ_{j ∈ g} Ẑ_j h_jk, with
 * h_jk = (1/M) Σ_i w̄_i 1[x_i ∈ cell k] the island's weighted cell masses. The cell masses are then the ratio estimate
 * Σ_g S_gk / Σ_g B_g, and the stripes, independent of one another, give the errors of anything read from all cells
 * at once (total variation: {@link org.gdmc.estimate.TotalVariation#againstLawInGroups}) by batch means, which
 * per-cell variances alone could not (the cells of one island are dependent).
 *
 * <p>The state is a node array that merges exactly as the reduction blocks do (along a fixed tree over the island
 * index, {@link #merge}); sums are kept relative to a scale e^L (the largest log Ẑ_j), so no Ẑ_j overflows or
 * underflows whatever the dimension. The node's header records its terms and cells, so nodes of different layouts
 * are never merged.
 */
public final class IslandMeans {
    static final int SCALE = 0;
    static final int ISLANDS = 1;
    static final int SUM_B = 2;
    static final int SUM_B2 = 3;
    static final int MAX_B = 4;
    static final int SUM_LOG = 5;
    static final int SUM_LOG2 = 6;
    static final int SUM_MIN_ESS = 7;
    static final int MIN_MIN_ESS = 8;
    static final int SUM_RESAMPLINGS = 9;
    static final int LIVE = 10;
    static final int SUM_FINAL_ESS = 11;
    static final int NON_FINITE = 12;
    /** Sum, count and largest of the islands' own k̂ of their final weights. */
    static final int SUM_KHAT = 13;
    static final int COUNT_KHAT = 14;
    static final int MAX_KHAT = 15;
    /** The node's layout: its terms and its histogram's cells (0: no histogram). */
    static final int TERMS = 16;
    static final int CELLS = 17;
    static final int HEAD = 18;
    /** The largest log Ẑ_j kept (descending, −∞ where fewer islands), for the Pareto shape across islands. */
    public static final int TOP = 512;
    /** Stripes of islands of the weighted histogram. */
    public static final int STRIPES = 32;

    private final double[] node;
    private final int terms;
    private final int cells;

    private IslandMeans(double[] node) {
        this.node = node;
        this.terms = (int) node[TERMS];
        this.cells = (int) node[CELLS];
    }

    /** The estimates of a merged node (null: no island yet) of the given layout. */
    public static IslandMeans of(double[] node, int terms, int cells) {
        double[] n = node == null ? empty(terms, cells) : node;
        if (n[TERMS] != terms || n[CELLS] != cells) {
            throw new IllegalArgumentException("a node of " + (int) n[TERMS] + " terms and " + (int) n[CELLS]
                    + " cells read as one of " + terms + " and " + cells);
        }
        return new IslandMeans(n);
    }

    /** As {@link #of(double[], int, int)}, without a histogram. */
    public static IslandMeans of(double[] node, int terms) {
        return of(node, terms, 0);
    }

    /** The length of a node of this layout. */
    public static int length(int terms, int cells) {
        return stripesAt(terms) + (cells > 0 ? STRIPES * (cells + 2) : 0);
    }

    /** Where the stripes begin: after the means and the top log Ẑ_j. */
    private static int stripesAt(int terms) {
        return HEAD + 3 * terms + TOP;
    }

    /** The node of no island, for a histogram of the given cells (0: none). */
    public static double[] empty(int terms, int cells) {
        double[] n = new double[length(terms, cells)];
        n[SCALE] = Double.NEGATIVE_INFINITY;
        n[MIN_MIN_ESS] = Double.POSITIVE_INFINITY;
        n[MAX_KHAT] = Double.NEGATIVE_INFINITY;
        n[TERMS] = terms;
        n[CELLS] = cells;
        java.util.Arrays.fill(n, HEAD + 3 * terms, stripesAt(terms), Double.NEGATIVE_INFINITY);
        return n;
    }

    /** As {@link #empty(int, int)}, without a histogram. */
    public static double[] empty(int terms) {
        return empty(terms, 0);
    }

    /** The node of one island: its summary and its weighted means (terms of them). */
    public static double[] leaf(Island.Summary s, double[] means) {
        return leaf(s, means, 0, Double.NaN, 0, null);
    }

    /**
     * As {@link #leaf(Island.Summary, double[])}, with the island's particles of weight &gt; 0 that were not finite,
     * the Pareto shape k̂ of its final weights (NaN: not fitted), the island's global index and its weighted cell
     * masses h_jk, the outside last (null: no histogram).
     */
    public static double[] leaf(Island.Summary s, double[] means, long nonFinite, double khat, long island,
                                double[] cellMasses) {
        int cells = cellMasses == null ? 0 : cellMasses.length - 1;
        double[] n = empty(means.length, cells);
        n[NON_FINITE] = nonFinite;
        if (!Double.isNaN(khat)) {
            n[SUM_KHAT] = khat;
            n[COUNT_KHAT] = 1;
            n[MAX_KHAT] = khat;
        }
        n[ISLANDS] = 1;
        n[SUM_MIN_ESS] = s.minEss();
        n[MIN_MIN_ESS] = s.minEss();
        n[SUM_FINAL_ESS] = s.finalEss();
        n[SUM_RESAMPLINGS] = s.resamplings();
        double logZ = s.logNormaliser();
        if (logZ == Double.NEGATIVE_INFINITY) {
            return n;
        }
        n[SCALE] = logZ;
        n[SUM_B] = 1.0;
        n[SUM_B2] = 1.0;
        n[MAX_B] = 1.0;
        n[SUM_LOG] = logZ;
        n[SUM_LOG2] = logZ * logZ;
        n[LIVE] = 1;
        n[HEAD + 3 * means.length] = logZ;
        for (int q = 0; q < means.length; q++) {
            n[HEAD + 3 * q] = means[q];
            n[HEAD + 3 * q + 1] = means[q] * means[q];
            n[HEAD + 3 * q + 2] = means[q];
        }
        if (cells > 0) {
            int at = stripesAt(means.length) + (int) (island % STRIPES) * (cells + 2);
            n[at] = 1.0;
            System.arraycopy(cellMasses, 0, n, at + 1, cells + 1);
        }
        return n;
    }

    /** The node of the islands of a then those of b. */
    public static double[] merge(double[] a, double[] b) {
        if (a.length != b.length || a[TERMS] != b[TERMS] || a[CELLS] != b[CELLS]) {
            throw new IllegalArgumentException("nodes of different layouts");
        }
        double scale = Math.max(a[SCALE], b[SCALE]);
        double fa = a[SCALE] == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(a[SCALE] - scale);
        double fb = b[SCALE] == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(b[SCALE] - scale);
        double[] n = new double[a.length];
        n[SCALE] = scale;
        n[ISLANDS] = a[ISLANDS] + b[ISLANDS];
        n[SUM_B] = fa * a[SUM_B] + fb * b[SUM_B];
        n[SUM_B2] = fa * fa * a[SUM_B2] + fb * fb * b[SUM_B2];
        n[MAX_B] = Math.max(fa * a[MAX_B], fb * b[MAX_B]);
        n[SUM_LOG] = a[SUM_LOG] + b[SUM_LOG];
        n[SUM_LOG2] = a[SUM_LOG2] + b[SUM_LOG2];
        n[SUM_MIN_ESS] = a[SUM_MIN_ESS] + b[SUM_MIN_ESS];
        n[MIN_MIN_ESS] = Math.min(a[MIN_MIN_ESS], b[MIN_MIN_ESS]);
        n[SUM_FINAL_ESS] = a[SUM_FINAL_ESS] + b[SUM_FINAL_ESS];
        n[SUM_RESAMPLINGS] = a[SUM_RESAMPLINGS] + b[SUM_RESAMPLINGS];
        n[LIVE] = a[LIVE] + b[LIVE];
        n[NON_FINITE] = a[NON_FINITE] + b[NON_FINITE];
        n[SUM_KHAT] = a[SUM_KHAT] + b[SUM_KHAT];
        n[COUNT_KHAT] = a[COUNT_KHAT] + b[COUNT_KHAT];
        n[MAX_KHAT] = Math.max(a[MAX_KHAT], b[MAX_KHAT]);
        n[TERMS] = a[TERMS];
        n[CELLS] = a[CELLS];
        int stripes = stripesAt((int) a[TERMS]);
        int top = stripes - TOP;
        for (int i = 0, j = 0, k = top; k < stripes; k++) {
            n[k] = a[top + i] >= b[top + j] ? a[top + i++] : b[top + j++];
        }
        for (int k = HEAD; k < top; k += 3) {
            n[k] = fa * a[k] + fb * b[k];
            n[k + 1] = fa * fa * a[k + 1] + fb * fb * b[k + 1];
            n[k + 2] = fa * fa * a[k + 2] + fb * fb * b[k + 2];
        }
        for (int k = stripes; k < n.length; k++) {
            n[k] = fa * a[k] + fb * b[k];
        }
        return n;
    }

    public long islands() {
        return (long) node[ISLANDS];
    }

    /** Particles of weight &gt; 0 with a non-finite state or logit, left out of the means. */
    public long nonFinite() {
        return (long) node[NON_FINITE];
    }

    /**
     * The Pareto shape k̂ of Ẑ_j across the islands ({@link org.gdmc.estimate.ParetoShape}): whether Σ Ẑ_j, and so
     * every estimate and error here, can be trusted; NaN with too few islands to fit a tail (fewer than 21).
     */
    public double shapeAcrossIslands() {
        int stripes = stripesAt(terms);
        double[] top = java.util.Arrays.copyOfRange(node, stripes - TOP, stripes);
        return org.gdmc.estimate.ParetoShape.ofLogs(top, islands());
    }

    /** The mean over islands of the Pareto shape k̂ of each island's final weights (NaN: none fitted). */
    public double meanShapeWithinIslands() {
        return node[COUNT_KHAT] > 0 ? node[SUM_KHAT] / node[COUNT_KHAT] : Double.NaN;
    }

    /** The largest Pareto shape k̂ of any island's final weights. */
    public double maxShapeWithinIslands() {
        return node[COUNT_KHAT] > 0 ? node[MAX_KHAT] : Double.NaN;
    }

    /** Terms per island. */
    public int terms() {
        return terms;
    }

    /** Cells of the weighted histogram (0: none). */
    public int cells() {
        return cells;
    }

    /** The weighted mass of cell k of the histogram (k = {@link #cells()}: the outside of the grid). */
    public double cellMass(int k) {
        return stripeRatio(column(k))[0];
    }

    /** The standard error of {@link #cellMass} by batch means over the stripes that hold an island. */
    public double cellMassStdError(int k) {
        return stripeRatio(column(k))[1];
    }

    /** Cell k's sum in every stripe. */
    private double[] column(int k) {
        double[][] s = stripeSums();
        double[] c = new double[s.length];
        for (int g = 0; g < s.length; g++) {
            c[g] = s[g][k];
        }
        return c;
    }

    /**
     * {value, s.e.} of the ratio estimate Σ_g s_g / Σ_g B_g of per-stripe sums s_g (of a cell, or of the cells of a
     * bin), the s.e. by batch means over the stripes that hold an island, √(G/(G − 1) Σ_g (s_g − p B_g)²) / Σ_g B_g
     * (NaN with fewer than two).
     */
    public double[] stripeRatio(double[] perStripe) {
        double[] b = stripeNormalisers();
        double total = 0.0;
        double sum = 0.0;
        int live = 0;
        for (int g = 0; g < perStripe.length; g++) {
            total += b[g];
            sum += perStripe[g];
            live += b[g] > 0 ? 1 : 0;
        }
        double p = sum / total;
        double ss = 0.0;
        for (int g = 0; g < perStripe.length; g++) {
            ss += (perStripe[g] - p * b[g]) * (perStripe[g] - p * b[g]);
        }
        return new double[] {p, live < 2 ? Double.NaN : Math.sqrt(ss * live / (live - 1)) / total};
    }

    /** Σ_{j ∈ g} Ẑ_j of every stripe g (relative to the node's scale). */
    public double[] stripeNormalisers() {
        double[] b = new double[STRIPES];
        for (int g = 0; g < STRIPES && cells > 0; g++) {
            b[g] = node[stripesAt(terms) + g * (cells + 2)];
        }
        return b;
    }

    /** Σ_{j ∈ g} Ẑ_j h_jk of every stripe g and cell k, the outside last (relative to the node's scale). */
    public double[][] stripeSums() {
        double[][] s = new double[cells > 0 ? STRIPES : 0][];
        for (int g = 0; g < s.length; g++) {
            int at = stripesAt(terms) + g * (cells + 2) + 1;
            s[g] = java.util.Arrays.copyOfRange(node, at, at + cells + 1);
        }
        return s;
    }

    /** log Ẑ, Ẑ = (1/J) Σ Ẑ_j; −∞ when every island's weights vanished. */
    public double logNormaliser() {
        return node[SUM_B] > 0 ? node[SCALE] + Math.log(node[SUM_B] / node[ISLANDS]) : Double.NEGATIVE_INFINITY;
    }

    /** s.e.(log Ẑ) ≈ s.e.(Ẑ)/Ẑ; NaN with fewer than two islands. */
    public double logNormaliserStdError() {
        double j = node[ISLANDS];
        double mean = node[SUM_B] / j;
        double var = Math.max(0.0, node[SUM_B2] / j - mean * mean) * j / (j - 1);
        return j < 2 ? Double.NaN : Math.sqrt(var / j) / mean;
    }

    /** The largest island's share of Σ Ẑ_j: near 1 means one island decides every estimate. */
    public double largestShare() {
        return node[MAX_B] / node[SUM_B];
    }

    /** The sample standard deviation of log Ẑ_j over the islands whose weights did not all vanish. */
    public double logSpread() {
        double j = node[LIVE];
        if (j < 2) {
            return Double.NaN;
        }
        double mean = node[SUM_LOG] / j;
        return Math.sqrt(Math.max(0.0, node[SUM_LOG2] / j - mean * mean) * j / (j - 1));
    }

    /** The mean over islands of the least effective sample size an island passed through. */
    public double meanMinEss() {
        return node[SUM_MIN_ESS] / node[ISLANDS];
    }

    /** The least effective sample size of any island at any step. */
    public double minEss() {
        return node[MIN_MIN_ESS];
    }

    /** The mean final effective sample size (after the data-law factor). */
    public double meanFinalEss() {
        return node[SUM_FINAL_ESS] / node[ISLANDS];
    }

    /** Resamplings per island. */
    public double resamplingsPerIsland() {
        return node[SUM_RESAMPLINGS] / node[ISLANDS];
    }

    /** μ_q. */
    public double mean(int q) {
        return node[HEAD + 3 * q] / node[SUM_B];
    }

    /** The delta-method standard error of μ_q. */
    public double stdError(int q) {
        double mu = mean(q);
        double j = node[ISLANDS];
        double ss = Math.max(0.0, node[HEAD + 3 * q + 1] - 2.0 * mu * node[HEAD + 3 * q + 2] + mu * mu
                * node[SUM_B2]);
        return j < 2 ? Double.NaN : Math.sqrt(ss * j / (j - 1)) / node[SUM_B];
    }
}
