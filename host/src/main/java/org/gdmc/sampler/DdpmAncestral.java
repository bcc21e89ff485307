package org.gdmc.sampler;

import org.gdmc.process.ForwardProcess;

/**
 * DDPM ancestral sampling: draw x_s from the forward posterior q(x_s | x_t, x̂₀) with Tweedie's denoiser
 * x̂₀ = (x_t + σ_t² s)/α_t. With a = α_t/α_s = e^{−Δ} (s = t_{i+1} &lt; t = t_i) this is
 * y' = (y + (1 − a²) s)/a + √(σ_s² (1 − a²)/σ_t²) z. Weak order 1.
 */
public record DdpmAncestral() implements AffineSampler {
    public static final String NAME = "ddpm";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void coefficients(ForwardProcess process, TimeGrid grid, double[] a, double[] b, double[] c) {
        for (int i = 0; i < grid.steps(); i++) {
            double t = grid.time(i);
            double s = grid.time(i + 1);
            double delta = process.integral(s, t);
            double oneMinusA2 = -Math.expm1(-2.0 * delta);
            double invA = Math.exp(delta);
            a[i] = invA;
            b[i] = oneMinusA2 * invA;
            c[i] = Math.sqrt(process.sigma2(s) * oneMinusA2 / process.sigma2(t));
        }
    }

    /**
     * The ancestral step's mean is α_s x̂₀ + √(σ_s² − C²) ε̂
     * with √(σ_s² − C²) = σ_s² a/σ_t (a = α_t/α_s, VP), so B_d = σ_t²/a, B_r = −σ_s² a and
     * B_d/B = σ_t²/(1 − a²).
     */
    @Override
    public double tweedieShare(ForwardProcess process, TimeGrid grid, int step) {
        double delta = process.integral(grid.time(step + 1), grid.time(step));
        return process.sigma2(grid.time(step)) / -Math.expm1(-2.0 * delta);
    }
}
