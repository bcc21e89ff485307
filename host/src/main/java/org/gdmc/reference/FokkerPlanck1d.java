package org.gdmc.reference;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

import org.gdmc.guidance.Guidance;
import org.gdmc.guidance.ScoreError;
import org.gdmc.kernel.GuidedDrift;
import org.gdmc.kernel.ScorePass;
import org.gdmc.process.ForwardProcess;
import org.gdmc.sampler.GridSpacing;
import org.gdmc.sampler.TimeGrid;
import org.gdmc.mixture.Mixture;
import org.gdmc.mixture.MixtureScore;
import org.gdmc.mixture.NormalIntervals;

/**
 * The exact law of the guided reverse dynamics in 1-D, without Monte Carlo: the density ρ(x, τ), τ = T − t, of
 * Y_τ started from N(0, 1) at t = T (as the samplers start), carried to t = δ by
 * <ul>
 *   <li>the Fokker–Planck equation of the reverse SDE dY = β(Y + 2s_w) dτ + √(2β) dW:
 *       ∂_τ ρ = −∂_x(bρ) + β ∂_x²ρ, b = β(t)(x + 2 s_w(x, t));</li>
 *   <li>or the continuity equation of the probability-flow ODE dY = β(Y + s_w) dτ: ∂_τ ρ = −∂_x(bρ),
 *       b = β(t)(x + s_w(x, t)),</li>
 *   <li>or the Fokker–Planck equation of predictor–corrector guidance's limit ({@code PredictorCorrector}, rule β)
 *       dY = β(Y + s_c + λ s_w) dτ + √(2λβ) dW, λ = mκ the Langevin time per unit of ∫β:
 *       b = β(t)(x + s_c(x, t) + λ s_w(x, t)), diffusion λβ,</li>
 * </ul>
 * with s_w the guided score exactly as the samplers form it (same mixture scores, score error and guidance code).
 *
 * <p>Schemes, both conservative and positivity-preserving, on M cells of [lo, hi] started from the exact N(0, 1)
 * cell masses:
 * <ul>
 *   <li>SDE: Eulerian finite volumes with zero-flux walls; Scharfetter–Gummel fluxes
 *       J = (D/h)[B(−P)ρ_i − B(P)ρ_{i+1}], P = b h/D (D the diffusion, β or λβ), B(z) = z/(e^z − 1), b at the
 *       face; backward Euler on a geometric time grid in t with b at the new time. The step matrix has unit column sums and is an M-matrix, so each step
 *       conserves mass (to rounding) and keeps ρ ≥ 0 for any step size. First order in the time step, second order
 *       in h where diffusion dominates a face.</li>
 *   <li>ODE: Lagrangian finite volumes: cell edges move with the flow (RK4 on the same time grid), each cell keeps
 *       its mass exactly, and the density is mass over the moved width. Fourth order in the time step, second order
 *       in h (the piecewise-constant density within a cell).</li>
 * </ul>
 * {@link #solveRefined} solves twice and extrapolates, with the difference as an error estimate.
 */
public final class FokkerPlanck1d {
    /** Which equation is solved. */
    public enum Dynamics {
        /** Fokker–Planck equation of the reverse SDE (the stochastic samplers' law). */
        REVERSE_SDE,
        /** Continuity equation of the probability-flow ODE (the deterministic sampler's law). */
        PROBABILITY_FLOW,
        /** Fokker–Planck equation of predictor–corrector guidance's limit, at the problem's Langevin rate λ. */
        PREDICTOR_CORRECTOR
    }

    /** The guided dynamics for class cls of a 1-D mixture, from T down to δ. */
    public record Problem(Mixture target, int cls, Guidance guidance, ScoreError scoreError, ForwardProcess process,
                          double horizon, double delta, Dynamics dynamics, double langevin) {
        /** The reverse SDE or the probability flow (no Langevin rate). */
        public Problem(Mixture target, int cls, Guidance guidance, ScoreError scoreError, ForwardProcess process,
                       double horizon, double delta, Dynamics dynamics) {
            this(target, cls, guidance, scoreError, process, horizon, delta, dynamics, 0.0);
        }

        public Problem {
            if (dynamics == Dynamics.PREDICTOR_CORRECTOR ? !(langevin > 0) || !Double.isFinite(langevin)
                    : langevin != 0.0) {
                throw new IllegalArgumentException("a Langevin rate > 0 belongs to the predictor-corrector dynamics "
                        + "only; got " + langevin + " for " + dynamics);
            }
            if (target.dimension() != 1) {
                throw new IllegalArgumentException("the Fokker-Planck reference is 1-D; the target has d="
                        + target.dimension());
            }
            if (!(delta > 0) || !(horizon > delta)) {
                throw new IllegalArgumentException("need 0 < delta < T, got delta=" + delta + ", T=" + horizon);
            }
            if (!guidance.continuousLimit()) {
                throw new IllegalArgumentException(guidance.describe() + " has no continuous-time limit to solve for");
            }
        }
    }

    /** Cells M on [lo, hi] and time steps n. */
    public record Discretisation(double lo, double hi, int cells, int steps) {
        public Discretisation {
            if (!(hi > lo) || cells < 3 || steps < 1) {
                throw new IllegalArgumentException("need lo < hi, cells >= 3, steps >= 1; got lo=" + lo + ", hi=" + hi
                        + ", cells=" + cells + ", steps=" + steps);
            }
        }

        /**
         * The domain of the mixture's default grid ({@link CellGrid#covering}) joined with [−8, 8] for the N(0, 1)
         * start, at the given resolution.
         */
        public static Discretisation covering(Mixture m, int cells, int steps) {
            CellGrid g = CellGrid.covering(m);
            return new Discretisation(Math.min(-8.0, g.edge(0, 0)), Math.max(8.0, g.edge(0, g.cells(0))), cells,
                    steps);
        }
    }

    private FokkerPlanck1d() {
    }

    /**
     * The solutions at a resolution and at half of it (cells and steps) and their Richardson extrapolation: with the
     * scheme's order p (1 for the SDE, 2 for the ODE), S* = S_fine + (S_fine − S_coarse)/(2^p − 1) for any statistic
     * S, and |S_fine − S_coarse|/(2^p − 1) estimates the error of S_fine, a bound on the extrapolation's error where
     * the errors are in their asymptotic regime.
     */
    public record Refined(GuidedLaw1d coarse, GuidedLaw1d fine, int order) implements ReferenceLaw {
        private double factor() {
            return 1.0 / ((1 << order) - 1);
        }

        /** S*. */
        public double extrapolate(ToDoubleFunction<GuidedLaw1d> statistic) {
            double f = statistic.applyAsDouble(fine);
            return f + (f - statistic.applyAsDouble(coarse)) * factor();
        }

        /** |S_fine − S_coarse|/(2^p − 1). */
        public double error(ToDoubleFunction<GuidedLaw1d> statistic) {
            return Math.abs(statistic.applyAsDouble(fine) - statistic.applyAsDouble(coarse)) * factor();
        }

        /** The extrapolated entropy. */
        @Override
        public double entropy() {
            return extrapolate(GuidedLaw1d::entropy);
        }

        /** The modes of the fine solution, on its own cells ({@link GuidedLaw1d#modes}). */
        @Override
        public int modes(CellGrid grid) {
            return fine.modes(grid);
        }

        /** The extrapolated cell masses (they may dip below zero by the extrapolation's error). */
        @Override
        public double[] cellMasses(CellGrid grid) {
            double[] f = fine.cellMasses(grid);
            double[] c = coarse.cellMasses(grid);
            for (int k = 0; k < f.length; k++) {
                f[k] += (f[k] - c[k]) * factor();
            }
            return f;
        }
    }

    /** Solves at the discretisation and at half its cells and steps ({@link Refined}). */
    public static Refined solveRefined(Problem p, Discretisation fine) {
        return solveRefined(p, fine, 0.0);
    }

    /**
     * As {@link #solveRefined(Problem, Discretisation)} in the frame that moves with α_t·{@code centre}
     * ({@link #solve(Problem, Discretisation, double)}): the discretisation's [lo, hi] is in z = x − α_t·centre.
     */
    public static Refined solveRefined(Problem p, Discretisation fine, double centre) {
        Discretisation coarse = new Discretisation(fine.lo(), fine.hi(), fine.cells() / 2,
                Math.max(1, fine.steps() / 2));
        return new Refined(solve(p, coarse, centre), solve(p, fine, centre),
                p.dynamics() == Dynamics.PROBABILITY_FLOW ? 2 : 1);
    }

    public static GuidedLaw1d solve(Problem p, Discretisation grid) {
        return solve(p, grid, 0.0);
    }

    /**
     * As {@link #solve(Problem, Discretisation)} with the cells in the frame z = x − m(t), m(t) = α_t c: for the SDE
     * the Eulerian cells stay fixed in z, where the drift is b(z + m(t), t) − dm/dτ = b(z + m(t), t) − β(t) m(t) (as
     * α' = −β α), so a law that travels with the class mean c (a far-away component, which a fixed grid would have to
     * span, smearing it by the upwind fluxes' numerical diffusion) stays on a small grid around 0; the Lagrangian ODE
     * cells need no frame and start at x = z + m(T). The result's cells are in x. c = 0 is the fixed grid.
     */
    public static GuidedLaw1d solve(Problem p, Discretisation grid, double centre) {
        int m = grid.cells();
        double h = (grid.hi() - grid.lo()) / m;
        double[] edges = new double[m + 1];
        double[] mass = new double[m];
        double[] out = new double[2];
        double start = p.process().alpha(p.horizon()) * centre;
        for (int i = 0; i <= m; i++) {
            edges[i] = grid.lo() + i * h + start;
        }
        for (int i = 0; i < m; i++) {
            NormalIntervals.evaluate(edges[i + 1], edges[i], h, out, 0);
            mass[i] = Math.exp(out[0]);
        }
        Drift drift = new Drift(p);
        TimeGrid times = TimeGrid.of(GridSpacing.GEOMETRIC, p.horizon(), p.delta(), grid.steps());
        if (p.dynamics() != Dynamics.PROBABILITY_FLOW) {
            for (int i = 0; i <= m; i++) {
                edges[i] -= start;
            }
            fokkerPlanck(drift, p.process(), p.dynamics() == Dynamics.REVERSE_SDE ? 1.0 : p.langevin(), times, edges,
                    mass, centre);
            double end = p.process().alpha(p.delta()) * centre;
            for (int i = 0; i <= m; i++) {
                edges[i] += end;
            }
        } else {
            transport(drift, times, edges);
        }
        return new GuidedLaw1d(edges, mass, p.target(), p.cls());
    }

    /**
     * Eulerian finite volumes for ∂_τ ρ = −∂_x(bρ) + λβ ∂_x²ρ: Scharfetter–Gummel fluxes at the faces, backward
     * Euler with b at the new time, zero-flux walls. On equal cells the system for the masses m_i = hρ_i is the one
     * for the densities; they are updated in place. With a centre c ≠ 0 the edges are in z = x − α_t c and the drift
     * is the frame's ({@link #solve(Problem, Discretisation, double)}).
     */
    private static void fokkerPlanck(Drift drift, ForwardProcess process, double rate, TimeGrid times,
                                     double[] edges, double[] mass, double centre) {
        int m = mass.length;
        double h = edges[1] - edges[0];
        double[] a = new double[m - 1];
        double[] c = new double[m - 1];
        double[] lower = new double[m];
        double[] diag = new double[m];
        double[] upper = new double[m];
        for (int n = 0; n < times.steps(); n++) {
            double t = times.time(n + 1);
            double dtau = times.time(n) - t;
            double diffusion = rate * process.beta(t);
            drift.atTime(t);
            double frame = process.alpha(t) * centre;
            double frameSpeed = process.beta(t) * frame;
            for (int f = 0; f < m - 1; f++) {
                double b = centre == 0.0 ? drift.at(edges[f + 1]) : drift.at(edges[f + 1] + frame) - frameSpeed;
                double peclet = b * h / diffusion;
                a[f] = diffusion / h * bernoulli(-peclet);
                c[f] = diffusion / h * bernoulli(peclet);
            }
            double r = dtau / h;
            for (int i = 0; i < m; i++) {
                diag[i] = 1.0 + r * ((i < m - 1 ? a[i] : 0.0) + (i > 0 ? c[i - 1] : 0.0));
                lower[i] = i > 0 ? -r * a[i - 1] : 0.0;
                upper[i] = i < m - 1 ? -r * c[i] : 0.0;
            }
            Tridiagonal.solveInPlace(lower, diag, upper, mass);
        }
    }

    /**
     * Lagrangian finite volumes for ∂_τ ρ = −∂_x(bρ): every cell edge follows the flow dx/dτ = b(x, t) (classical
     * RK4 on the time grid), so each cell keeps its mass exactly, masses stay positive, and the density is mass over
     * the moved width. The 1-D flow preserves order, so cells never cross.
     */
    private static void transport(Drift drift, TimeGrid times, double[] edges) {
        int e = edges.length;
        double[] k = new double[e];
        double[] sum = new double[e];
        for (int n = 0; n < times.steps(); n++) {
            double t0 = times.time(n);
            double t1 = times.time(n + 1);
            double h = t0 - t1;
            double tm = t0 - 0.5 * h;
            // stage s evaluates b at x + c_s h k_{s−1} and time t_s; the new edge is x + h Σ_s b_s k_s
            double[] stageTime = {t0, tm, tm, t1};
            double[] stageShift = {0.0, 0.5 * h, 0.5 * h, h};
            double[] stageWeight = {h / 6.0, h / 3.0, h / 3.0, h / 6.0};
            Arrays.fill(sum, 0.0);
            for (int stage = 0; stage < 4; stage++) {
                drift.atTime(stageTime[stage]);
                for (int i = 0; i < e; i++) {
                    k[i] = drift.at(stage == 0 ? edges[i] : edges[i] + stageShift[stage] * k[i]);
                    sum[i] += stageWeight[stage] * k[i];
                }
            }
            for (int i = 0; i < e; i++) {
                edges[i] += sum[i];
            }
        }
    }

    /**
     * The drift in τ of the problem's dynamics at (x, t), from the samplers' own score code: β(t)(x + k s_w(x, t)) with
     * k = 2 for the reverse SDE and 1 for the probability-flow ODE, β(t)(x + s_c + λ s_w) for predictor–corrector.
     * The time is set once ({@link #atTime}) for the many points evaluated at it.
     */
    private static final class Drift {
        private final Problem p;
        private final double[] params;
        private final int[] meta;
        /** The packed score error at 0, the guidance's parameter record after it. */
        private final double[] tables;
        private final int par;
        private final double[] work = new double[2 * ScorePass.length(1) + 4];
        private final double k;
        private double alpha;
        private double sigma2;
        private double beta;
        private double strength;

        Drift(Problem p) {
            this.p = p;
            this.params = p.target().packedParams();
            this.meta = p.target().packedMeta();
            double[] err = p.scoreError().packed(1);
            double[] rec = p.guidance().parameters(1);
            this.tables = java.util.Arrays.copyOf(err, err.length + rec.length);
            System.arraycopy(rec, 0, tables, err.length, rec.length);
            this.par = err.length;
            this.k = switch (p.dynamics()) {
                case REVERSE_SDE -> 2.0;
                case PROBABILITY_FLOW -> 1.0;
                case PREDICTOR_CORRECTOR -> p.langevin();
            };
        }

        void atTime(double t) {
            alpha = p.process().alpha(t);
            sigma2 = p.process().sigma2(t);
            beta = p.process().beta(t);
            strength = p.guidance().schedule().at(t, p.process());
        }

        double at(double x) {
            int pass2 = ScorePass.length(1);
            int at = 2 * pass2;
            work[at] = x;
            GuidedDrift.guided(p.guidance().form(), strength, tables, par, 0, params, meta, p.cls(), alpha, sigma2,
                    work, at, work, 0, pass2, at + 2, at + 3, work, at + 1, 1, 1);
            double predictor = 0.0;
            if (p.dynamics() == Dynamics.PREDICTOR_CORRECTOR) {
                predictor = work[ScorePass.conditional(1)];
            }
            return beta * (x + predictor + k * work[at + 1]);
        }
    }

    /** B(z) = z/(e^z − 1), B(0) = 1. */
    static double bernoulli(double z) {
        if (Math.abs(z) < 1e-6) {
            return 1.0 - 0.5 * z + z * z / 12.0;
        }
        return z / Math.expm1(z);
    }
}
