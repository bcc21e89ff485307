package org.gdmc.sampler;

import org.gdmc.process.ForwardProcess;

/**
 * Exponential integrator of the reverse SDE: the linear part β y is integrated exactly and the score is frozen at
 * t_i. With Δ = ∫_{t_{i+1}}^{t_i} β: y' = e^Δ y + 2(e^Δ − 1) s + √(e^{2Δ} − 1) z. Weak order 1.
 */
public record ExponentialIntegrator() implements AffineSampler {
    public static final String NAME = "exponential-integrator";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void coefficients(ForwardProcess process, TimeGrid grid, double[] a, double[] b, double[] c) {
        for (int i = 0; i < grid.steps(); i++) {
            double delta = process.integral(grid.time(i + 1), grid.time(i));
            a[i] = Math.exp(delta);
            b[i] = 2.0 * Math.expm1(delta);
            c[i] = Math.sqrt(Math.expm1(2.0 * delta));
        }
    }
}
