package org.gdmc.process;

/** β(t) ≡ β₀, so B(t) = β₀ t. With β₀ = 1 this is the papers' dX = −X dt + √2 dB. */
public record ConstantSchedule(double beta0) implements NoiseSchedule {
    public ConstantSchedule {
        if (!(beta0 > 0) || !Double.isFinite(beta0)) {
            throw new IllegalArgumentException("beta must be finite and > 0, got " + beta0);
        }
    }

    @Override
    public double beta(double t) {
        return beta0;
    }

    @Override
    public double integral(double t) {
        return beta0 * t;
    }

    @Override
    public String describe() {
        return "constant(beta=" + beta0 + ")";
    }
}
