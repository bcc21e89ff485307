package org.gdmc.sampler;

import org.gdmc.process.ForwardProcess;

/**
 * DDIM (Song, Meng, Ermon 2021, η = 0): y' = α_s x̂₀ + σ_s ε̂ with Tweedie's x̂₀ = (y + σ_t² s)/α_t and
 * ε̂ = −σ_t s (s = t_{i+1} &lt; t = t_i), i.e. y' = (α_s/α_t) y + σ_t (σ_t α_s/α_t − σ_s) s. The first-order
 * exponential integrator of the probability-flow ODE in data-prediction form; deterministic after the start (its noise
 * coefficient is 0). Order 1.
 */
public record Ddim() implements AffineSampler {
    public static final String NAME = "ddim";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean stochastic() {
        return false;
    }

    @Override
    public void coefficients(ForwardProcess process, TimeGrid grid, double[] a, double[] b, double[] c) {
        for (int i = 0; i < grid.steps(); i++) {
            double t = grid.time(i);
            double s = grid.time(i + 1);
            double ratio = Math.exp(process.integral(s, t));
            double sigmaT = Math.sqrt(process.sigma2(t));
            a[i] = ratio;
            b[i] = sigmaT * (sigmaT * ratio - Math.sqrt(process.sigma2(s)));
            c[i] = 0.0;
        }
    }

    /** B_d = α_s σ_t²/α_t, B_r = −σ_s σ_t: B_d/B = σ_t (α_s/α_t) / (σ_t α_s/α_t − σ_s). */
    @Override
    public double tweedieShare(ForwardProcess process, TimeGrid grid, int step) {
        double t = grid.time(step);
        double s = grid.time(step + 1);
        double ratio = Math.exp(process.integral(s, t));
        double sigmaT = Math.sqrt(process.sigma2(t));
        return sigmaT * ratio / (sigmaT * ratio - Math.sqrt(process.sigma2(s)));
    }
}
