package org.gdmc.kernel;

import java.util.Arrays;
import java.util.List;

import org.gdmc.guidance.Guidance;
import org.gdmc.guidance.GuidedScore;
import org.gdmc.guidance.ScoreError;
import org.gdmc.mixture.BoxComponent;
import org.gdmc.mixture.Component;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.sampler.StepPlan;
import org.gdmc.sampler.TimeGrid;

/**
 * A study's guided path compiled to data: what {@link PathKernel} runs for every particle, composed from independent
 * pieces, each chosen by a code and parametrised by a table.
 *
 * <ul>
 *   <li>the <b>score model</b> (the mixture, packed as {@link #params()} and {@link #meta()}), evaluated into a
 *       {@link ScorePass};</li>
 *   <li>the <b>score error</b> applied to the pass ({@code ScorePerturbation}, packed in the tables);</li>
 *   <li>the <b>guidance</b> of each value of the sweep: its form's code, its strength at every node (a constant, or
 *       a schedule evaluated at the node times) and its variant's parameters;</li>
 *   <li>the <b>integrator</b>: its code and its per-step coefficient table ({@code ReverseSampler#coefficients});</li>
 *   <li>the <b>start</b>: N(0, I) or the exact noised class law ({@link StartLaw});</li>
 *   <li>the <b>noise</b>: the shared layout keyed by (seed, particle, step) ({@code NormalVariates}).</li>
 * </ul>
 * Every path reads the same four arrays: the scalar kernel on the CPU, its generated float32 copies on the CPU and the
 * device (the tables and parameters rounded to float), and the CPU's vector lanes (which read the coefficient and
 * strength tables). A new piece adds a code and a table here and is picked up by all of them without a change to any
 * backend's arguments.
 *
 * <p>{@link #codes()} (int) holds the header below, then the G form codes from {@link #FORMS}. {@link #tables()}
 * (double) holds, for a grid of n steps and nodes 0 … n + 1 (node n + 1 is the data law, t = 0):
 * α at nodes [ALPHA, +n+2), σ² at [SIGMA2, +n+2), the integrator's columns k = 0, 1, 2 at [COEFFICIENTS + k n, +n),
 * the packed score error at [SCORE_ERROR, +3+d), guidance g's strength at node i at
 * STRENGTHS + g (n + 2) + i (node n + 1 repeats node n; no step reads it), guidance g's parameter record at
 * VARIANTS + g · {@link GuidedScore#parametersLength}(d), then, for an exact start, the start law's table
 * ({@link StartLaw}) at START_TABLE.
 */
public final class PathProgram {
    /** Header offsets in {@link #codes()}: the step count n. */
    public static final int STEPS = 0;
    /** The dimension d. */
    public static final int DIMENSION = 1;
    /** The guided class c. */
    public static final int CLASS = 2;
    /** The integrator's code ({@code ReverseSampler#kernel}). */
    public static final int INTEGRATOR = 3;
    /** The number of guidance values G. */
    public static final int GUIDANCES = 4;
    /** Doubles of work space per particle. */
    public static final int WORK = 5;
    /** Offsets into the tables. */
    public static final int ALPHA = 6;
    public static final int SIGMA2 = 7;
    public static final int COEFFICIENTS = 8;
    public static final int SCORE_ERROR = 9;
    public static final int STRENGTHS = 10;
    /** How a path starts ({@link StartLaw#STANDARD} or {@link StartLaw#EXACT}). */
    public static final int START = 11;
    /** Offset of the start law's table in the tables ({@link StartLaw}; past the end when the start is standard). */
    public static final int START_TABLE = 12;
    /** Offset of the guidances' parameter records in the tables ({@link GuidedScore#parametersLength} each). */
    public static final int VARIANTS = 13;
    /** Corrector steps per predictor step ({@code ReverseSampler#correctorSteps}; 0 but for predictor–corrector). */
    public static final int CORRECTOR_STEPS = 14;
    /** Where the G form codes start. */
    public static final int FORMS = 15;

    private final List<Guidance> guidances;
    private final double[] params;
    private final int[] meta;
    private final int[] codes;
    private double[] tables;

    private PathProgram(Mixture target, int cls, StepPlan plan, List<Guidance> guidances, ScoreError scoreError) {
        this(target.packedParams(), target.packedMeta(), target.dimension(), target, cls, plan, guidances,
                scoreError);
    }

    /**
     * @param target the mixture for an exact start's table; null for a score model evaluated outside the kernel,
     *               whose paths start at N(0, I)
     */
    private PathProgram(double[] params, int[] meta, int d, Mixture target, int cls, StepPlan plan,
                        List<Guidance> guidances, ScoreError scoreError) {
        this.guidances = List.copyOf(guidances);
        this.params = params;
        this.meta = meta;
        int n = plan.steps();
        int g = guidances.size();
        double[] time = plan.packedView();
        double[] err = scoreError.packed(d);
        int nodes = n + 2;
        codes = new int[FORMS + g];
        codes[STEPS] = n;
        codes[DIMENSION] = d;
        codes[CLASS] = cls;
        codes[INTEGRATOR] = plan.sampler().kernel();
        if (!PathKernel.dispatches(codes[INTEGRATOR])) {
            throw new IllegalArgumentException("the path kernel has no integrator with code " + codes[INTEGRATOR]
                    + " (" + plan.sampler().name() + ")");
        }
        codes[GUIDANCES] = g;
        codes[CORRECTOR_STEPS] = plan.sampler().correctorSteps();
        codes[WORK] = PathKernel.workLength(d);
        codes[ALPHA] = StepPlan.alpha(n);
        codes[SIGMA2] = StepPlan.sigma2(n);
        codes[COEFFICIENTS] = StepPlan.coefA(n);
        codes[SCORE_ERROR] = time.length;
        codes[STRENGTHS] = time.length + err.length;
        codes[VARIANTS] = codes[STRENGTHS] + g * nodes;
        int record = GuidedScore.parametersLength(d);
        tables = Arrays.copyOf(time, codes[VARIANTS] + g * record);
        System.arraycopy(err, 0, tables, codes[SCORE_ERROR], err.length);
        TimeGrid grid = plan.grid();
        for (int k = 0; k < g; k++) {
            Guidance guidance = guidances.get(k);
            codes[FORMS + k] = guidance.form();
            if (!GuidedScore.dispatches(guidance.form())) {
                throw new IllegalArgumentException("the path kernel has no guidance form with code " + guidance.form()
                        + " (" + guidance.describe() + ")");
            }
            int at = codes[STRENGTHS] + k * nodes;
            for (int i = 0; i <= n; i++) {
                tables[at + i] = guidance.strengthAt(plan, i);
            }
            tables[at + n + 1] = tables[at + n];
            System.arraycopy(guidance.parameters(d), 0, tables, codes[VARIANTS] + k * record, record);
        }
        if (target == null && plan.exactStart()) {
            throw new IllegalArgumentException("an exact start needs the mixture's start table");
        }
        codes[START] = plan.exactStart() ? StartLaw.EXACT : StartLaw.STANDARD;
        codes[START_TABLE] = tables.length;
        if (plan.exactStart()) {
            double[] start = startTable(target, cls, plan.process().alpha(grid.time(0)),
                    plan.process().sigma2(grid.time(0)));
            int at = tables.length;
            tables = Arrays.copyOf(tables, at + start.length);
            System.arraycopy(start, 0, tables, at, start.length);
        }
    }

    /**
     * The table of p_T(· | c) for {@link StartLaw}: K, then per component of the class its cumulative weight, its
     * type and α μ with the Cholesky factor of α² Σ + σ² I (Gaussian) or its bounds (box).
     */
    static double[] startTable(Mixture target, int cls, double alpha, double sigma2) {
        int d = target.dimension();
        List<Component> own = target.components().stream().filter(c -> c.cls() == cls).toList();
        int rec = StartLaw.record(d);
        double[] t = new double[1 + own.size() * rec];
        t[0] = own.size();
        double total = target.classWeight(cls);
        double acc = 0.0;
        for (int k = 0; k < own.size(); k++) {
            int r = 1 + k * rec;
            acc += own.get(k).weight() / total;
            t[r] = k == own.size() - 1 ? 1.0 : acc;
            switch (own.get(k)) {
                case GaussianComponent g -> {
                    double[][] cov = new double[d][d];
                    for (int i = 0; i < d; i++) {
                        t[r + 2 + i] = alpha * g.mean()[i];
                        for (int j = 0; j < d; j++) {
                            cov[i][j] = alpha * alpha * g.covariance()[i][j] + (i == j ? sigma2 : 0.0);
                        }
                    }
                    var chol = org.ejml.dense.row.factory.DecompositionFactory_DDRM.chol(d, true);
                    if (!chol.decompose(new org.ejml.data.DMatrixRMaj(cov))) {
                        throw new IllegalArgumentException("the noised covariance of component " + k
                                + " is not positive definite");
                    }
                    double[] l = chol.getT(null).getData();
                    System.arraycopy(l, 0, t, r + 2 + d, d * d);
                }
                case BoxComponent b -> {
                    t[r + 1] = 1.0;
                    System.arraycopy(b.lower(), 0, t, r + 2, d);
                    System.arraycopy(b.upper(), 0, t, r + 2 + d, d);
                }
            }
        }
        return t;
    }

    /**
     * The program of class cls of the target on the step plan, under each guidance of the sweep, with the modelled
     * score error.
     */
    public static PathProgram of(Mixture target, int cls, StepPlan plan, List<Guidance> guidances,
                                 ScoreError scoreError) {
        return new PathProgram(target, cls, plan, guidances, scoreError);
    }

    /**
     * The program of a score model that is evaluated outside {@link PathKernel} (the blocked score of a large
     * mixture, {@code org.gdmc.highdim}): the same tables (times, integrator, strengths, variants, score error) with
     * empty parameters; its paths start at N(0, I). The caller fills each node's {@link ScorePass} itself and runs
     * the guidance forms and integrators on it.
     */
    public static PathProgram external(int d, int cls, StepPlan plan, List<Guidance> guidances,
                                       ScoreError scoreError) {
        return new PathProgram(new double[0], new int[] {0, d}, d, null, cls, plan, guidances, scoreError);
    }

    /** The header and form codes; callers must not modify them. */
    public int[] codes() {
        return codes;
    }

    /** The real tables; callers must not modify them. */
    public double[] tables() {
        return tables;
    }

    /** The score model's packed parameters ({@code MixtureLayout}); callers must not modify them. */
    public double[] params() {
        return params;
    }

    /** The score model's packed metadata; callers must not modify it. */
    public int[] meta() {
        return meta;
    }

    public int steps() {
        return codes[STEPS];
    }

    public int dimension() {
        return codes[DIMENSION];
    }

    public int guidances() {
        return codes[GUIDANCES];
    }

    /** Guidance g's strength at node i ≤ n (time t_i). */
    public double strength(int g, int node) {
        return tables[codes[STRENGTHS] + g * (steps() + 2) + node];
    }

    /**
     * Guidance g's equivalent classifier-free weight κ at each step i &lt; n (its strength at t_i), the per-step
     * weight of the linear family s = s_c + κ (1 − p)(s_c − s_o) that the vector lanes run.
     */
    public double[] equivalentWeights(int g) {
        Guidance guidance = guidances.get(g);
        double[] kappa = new double[steps()];
        for (int i = 0; i < kappa.length; i++) {
            kappa[i] = guidance.equivalentWeight(strength(g, i));
        }
        return kappa;
    }

    /** Column k of the integrator's table: its value at each step. */
    public double[] coefficients(int column) {
        int at = codes[COEFFICIENTS] + column * steps();
        return Arrays.copyOfRange(tables, at, at + steps());
    }

    /** α at node i (node n + 1 is the data law, α = 1). */
    public double alpha(int node) {
        return tables[codes[ALPHA] + node];
    }

    /** σ² at node i (0 at node n + 1). */
    public double sigma2(int node) {
        return tables[codes[SIGMA2] + node];
    }
}
