package org.gdmc.sampler;

import org.gdmc.process.ForwardProcess;

/**
 * DPM-Solver++(2M) (Lu, Zhou, Bao, Chen, Li, Zhu 2022, Algorithm 2): the second-order multistep exponential
 * integrator of the probability-flow ODE in data-prediction form. With λ = log(α/σ), h_i = λ(t_{i+1}) − λ(t_i),
 * the denoiser D_i = (y_i + σ_{t_i}² s_i)/α_{t_i} (s the guided score, so guidance acts on the data prediction as on
 * the score) and r_i = h_{i−1}/h_i,
 * <pre>
 *   y_{i+1} = (σ_{i+1}/σ_i) y_i + α_{i+1} (1 − e^{−h_i}) D̄_i,
 *   D̄_0 = D_0,   D̄_i = (1 + 1/(2 r_i)) D_i − (1/(2 r_i)) D_{i−1}  (i ≥ 1).
 * </pre>
 * Its columns are (σ_{i+1}/σ_i, α_{i+1}(1 − e^{−h_i}), 1/(2 r_i)), the last 0 at the first step, which is DDIM's.
 * Every step, the last included, is second order (no first-order final step). Deterministic after the start; one
 * score evaluation per step; order 2. On a grid where a step follows a much longer one in λ, the extrapolation weight
 * 1/(2 r) grows without bound, so {@link #gridProblem} refuses a grid with r_i &lt; {@value #MIN_RATIO}.
 */
public record DpmSolverPlusPlus() implements ReverseSampler {
    public static final String NAME = "dpm-solver++2m";
    /** The least step ratio r_i = h_{i−1}/h_i accepted: the extrapolation weight 1/(2r) stays ≤ 5. */
    public static final double MIN_RATIO = 0.1;

    @Override
    public int kernel() {
        return MultistepStep.CODE;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean stochastic() {
        return false;
    }

    @Override
    public int order() {
        return 2;
    }

    @Override
    public void coefficients(ForwardProcess process, TimeGrid grid, double[] a, double[] b, double[] c) {
        double previous = Double.NaN;
        for (int i = 0; i < grid.steps(); i++) {
            double t = grid.time(i);
            double s = grid.time(i + 1);
            double h = step(process, grid, i);
            a[i] = Math.sqrt(process.sigma2(s) / process.sigma2(t));
            b[i] = process.alpha(s) * -Math.expm1(-h);
            c[i] = i == 0 ? 0.0 : 0.5 * h / previous;
            previous = h;
        }
    }

    /** h_i = λ(t_{i+1}) − λ(t_i) &gt; 0. */
    static double step(ForwardProcess process, TimeGrid grid, int i) {
        return TimeGrid.halfLogSnr(process, grid.time(i + 1)) - TimeGrid.halfLogSnr(process, grid.time(i));
    }

    @Override
    public String gridProblem(ForwardProcess process, TimeGrid grid) {
        double previous = grid.steps() > 0 ? step(process, grid, 0) : 0.0;
        for (int i = 1; i < grid.steps(); i++) {
            double h = step(process, grid, i);
            double r = previous / h;
            previous = h;
            if (!(r >= MIN_RATIO)) {
                return "DPM-Solver++(2M) cannot use this grid: at step " + i + " (t = " + grid.time(i)
                        + ") the log-SNR step grows by a factor " + (1 / r) + " (r = " + r + " < " + MIN_RATIO
                        + ", extrapolation weight 1/(2r) = " + (0.5 / r) + "); use grid: log-snr or geometric, or more "
                        + "steps";
            }
        }
        return null;
    }
}
