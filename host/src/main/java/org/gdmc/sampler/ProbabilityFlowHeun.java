package org.gdmc.sampler;

import org.gdmc.process.ForwardProcess;

/**
 * Heun's method on the probability-flow ODE dY/dτ = f(Y, t) = β(t)(Y + s(Y, t)) (the DDIM-type deterministic sampler):
 * y* = y + h f(y, t_i), y' = y + (h/2)(f(y, t_i) + f(y*, t_{i+1})). Order 2; only the starting point is random.
 */
public record ProbabilityFlowHeun() implements ReverseSampler {
    public static final String NAME = "probability-flow-heun";

    @Override
    public int kernel() {
        return HeunStep.CODE;
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
        for (int i = 0; i < grid.steps(); i++) {
            a[i] = grid.time(i) - grid.time(i + 1);
            b[i] = process.beta(grid.time(i));
            c[i] = process.beta(grid.time(i + 1));
        }
    }
}
