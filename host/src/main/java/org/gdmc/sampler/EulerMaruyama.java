package org.gdmc.sampler;

import org.gdmc.process.ForwardProcess;

/**
 * Euler–Maruyama on the reverse SDE dY = β(t)(Y + 2 s(Y, t)) dτ + √(2β(t)) dW (τ = T − t):
 * y' = (1 + hβ_i) y + 2hβ_i s + √(2β_i h) z with h = t_i − t_{i+1}. Weak order 1.
 */
public record EulerMaruyama() implements AffineSampler {
    public static final String NAME = "euler-maruyama";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void coefficients(ForwardProcess process, TimeGrid grid, double[] a, double[] b, double[] c) {
        for (int i = 0; i < grid.steps(); i++) {
            double h = grid.time(i) - grid.time(i + 1);
            double beta = process.beta(grid.time(i));
            a[i] = 1.0 + h * beta;
            b[i] = 2.0 * h * beta;
            c[i] = Math.sqrt(2.0 * beta * h);
        }
    }
}
