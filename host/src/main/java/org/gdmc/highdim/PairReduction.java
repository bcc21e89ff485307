package org.gdmc.highdim;

import java.util.List;
import java.util.Locale;

import org.gdmc.estimate.Estimate;
import org.gdmc.guidance.Guidance;
import org.gdmc.guidance.ScoreError;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.reference.FokkerPlanck1d;
import org.gdmc.sampler.StepPlan;
import org.gdmc.study.StudyState;

/**
 * The exact law of guided sampling along u for a two-class mixture of two isotropic Gaussians with one variance,
 * N(μ_c, vI) and N(μ_o, vI) (the model of Pavasovic et al. 2025 in any d): with u ∥ μ_c − μ_o, the forward marginals
 * factor into the line through the means and its complement, and on the complement both classes' noised scores are the
 * same, −(y_⊥ − α m_⊥)/(α² v + σ²), so every guidance built from s_c and s_u leaves it alone and acts on the 1-D
 * coordinate y·u only (for the guidance forms s_c + κ(t)(s_c − s_u)), which follows the guided dynamics of the 1-D mixture w_c N(μ_c·u, v) + w_o N(μ_o·u, v)
 * exactly. So the continuous-time law of y·u at δ is the 1-D Fokker–Planck solution ({@link FokkerPlanck1d}, the
 * sampler's dynamics, Richardson-extrapolated, on a grid that moves with the class mean α_t m_c·u so that far-apart
 * means stay resolved) whatever d is: it gives CFG's overshoot and variance along u at finite d exactly, beside which
 * the samplers' values differ by their time discretisation only.
 */
final class PairReduction {
    private final Mixture line;
    private final double along;
    private final double variance;
    /** |μ_c − μ_o|/√v. */
    private final double separation;

    private PairReduction(Mixture line, double along, double variance, double separation) {
        this.line = line;
        this.along = along;
        this.variance = variance;
        this.separation = separation;
    }

    /**
     * The reduction of the mixture for class cls along the geometry's u, or null when the mixture is not two
     * isotropic components of one variance, one per class.
     */
    static PairReduction of(LargeMixture m, int cls, ClassLawGeometry geo) {
        if (m.components() != 2 || m.classes() != 2 || m.form() != CovarianceForm.ISOTROPIC
                || m.classOf(0) == m.classOf(1) || m.scale2(0) != m.scale2(1)) {
            return null;
        }
        int own = m.classOf(0) == cls ? 0 : 1;
        int d = m.dimension();
        double[] u = geo.direction();
        double[] means = m.means();
        double pc = 0.0;
        double po = 0.0;
        for (int j = 0; j < d; j++) {
            pc += means[own * d + j] * u[j];
            po += means[(1 - own) * d + j] * u[j];
        }
        double v = m.scale2(0);
        // the guided class is class 0 of the line
        Mixture line = Mixture.of(List.of(
                new GaussianComponent(0, Math.exp(m.logWeight(own)), new double[] {pc}, new double[][] {{v}}),
                new GaussianComponent(1, Math.exp(m.logWeight(1 - own)), new double[] {po}, new double[][] {{v}})));
        return new PairReduction(line, pc, v, Math.abs(pc - po) / Math.sqrt(v));
    }

    /** The largest numerical error (class-law s.d. for the overshoot, a ratio for the variance) reported as a value. */
    static final double RESOLVED = 0.01;
    /**
     * The solver's grid, in units of max(1, √v) about the class mean's frame z = y − α_t m_c·u: [−(H + min(s, 2H)),
     * H] with s the separation, so the other class's mode is on it while it is near and the grid stays small when it
     * is far (where guidance s_c + κ(s_c − s_u), κ ≥ 0, moves no mass to it).
     */
    static final double HALF_WIDTH = 12.0;
    /**
     * The most mass the solution may hold within {@value #WALL_MARGIN} units of its zero-flux walls, which carry along
     * whatever would have left the moving grid (the other class's mode, under a guidance that sends mass there), for a
     * value to be reported: at most a shift of 10⁻⁶ times the grid's width in the mean.
     */
    static final double WALL_MASS = 1e-6;
    static final double WALL_MARGIN = 4.0;

    /**
     * {@code hd.overshoot.exactDynamics} and {@code hd.varianceRatio.along.exactDynamics}: the guided dynamics' exact
     * (E[y·u] − m_c·u)/√v and Var[y·u]/v at δ, with no sampling error (standard error 0) and the Fokker–Planck solution's
     * own discretisation error in the note; NaN, with a note, where that error exceeds {@value #RESOLVED} (far-apart
     * means, where the solver's 4096 cells no longer resolve the moving modes); none for a guidance that is not
     * s_c + κ(t)(s_c − s_u) (a form that reads the scores' complement parts, such as APG's projection, does not
     * reduce) or has no continuous-time limit.
     */
    List<Estimate> estimates(Guidance g, StepPlan plan, long n) {
        if (!g.linear() || !g.continuousLimit()) {
            return List.of();
        }
        FokkerPlanck1d.Problem problem = StudyState.exactProblem(line, 0, ScoreError.NONE, plan, g);
        double sd = Math.sqrt(variance);
        double unit = Math.max(1.0, sd);
        FokkerPlanck1d.Discretisation grid = new FokkerPlanck1d.Discretisation(
                -(HALF_WIDTH + Math.min(separation, 2 * HALF_WIDTH)) * unit, HALF_WIDTH * unit, 4096,
                problem.dynamics() == FokkerPlanck1d.Dynamics.PROBABILITY_FLOW ? 1000 : 2000);
        FokkerPlanck1d.Refined law = FokkerPlanck1d.solveRefined(problem, grid, along);
        double walls = wallMass(law.fine(), WALL_MARGIN * unit);
        if (!(walls <= WALL_MASS)) {
            String note = String.format(Locale.ROOT, "not resolved: %.1e of the mass reached the walls of the "
                    + "Fokker-Planck grid (the guided law spreads beyond the class's own mode)", walls);
            return List.of(new Estimate("hd.overshoot.exactDynamics", Double.NaN, 0.0, n, note),
                    new Estimate("hd.varianceRatio.along.exactDynamics", Double.NaN, 0.0, n, note));
        }
        return List.of(
                estimate("hd.overshoot.exactDynamics", (law.extrapolate(l -> l.mean()) - along) / sd,
                        law.error(l -> l.mean()) / sd, n),
                estimate("hd.varianceRatio.along.exactDynamics", law.extrapolate(l -> l.variance()) / variance,
                        law.error(l -> l.variance()) / variance, n));
    }

    /** The law's mass in the cells within {@code margin} of either end of its grid. */
    static double wallMass(org.gdmc.reference.GuidedLaw1d law, double margin) {
        double lo = law.edge(0);
        double hi = law.edge(law.cells());
        double s = 0.0;
        for (int i = 0; i < law.cells(); i++) {
            double a = law.edge(i);
            double b = law.edge(i + 1);
            if (b <= lo + margin || a >= hi - margin) {
                s += law.density(i) * (b - a);
            }
        }
        return s;
    }

    private Estimate estimate(String name, double value, double error, long n) {
        if (!(error <= RESOLVED)) {
            return new Estimate(name, Double.NaN, 0.0, n, String.format(Locale.ROOT, "not resolved: the 1-D "
                    + "Fokker-Planck solution's numerical error is %.1e, above %.2f, at this separation of the means "
                    + "(%.1f standard deviations)", error, RESOLVED, separation));
        }
        return new Estimate(name, value, 0.0, n, String.format(Locale.ROOT, "the guided dynamics' exact law along u "
                + "in continuous time (the 1-D Fokker-Planck solution of the line through the two means); numerical "
                + "error %.1e", error));
    }
}
