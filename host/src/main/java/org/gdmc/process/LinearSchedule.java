package org.gdmc.process;

/** β(t) = β₀ + β₁ t (β₀ > 0, β₁ ≥ 0), so B(t) = β₀ t + β₁ t²/2. */
public record LinearSchedule(double beta0, double beta1) implements NoiseSchedule {
    public LinearSchedule {
        if (!(beta0 > 0) || !Double.isFinite(beta0)) {
            throw new IllegalArgumentException("beta0 must be finite and > 0, got " + beta0);
        }
        if (!(beta1 >= 0) || !Double.isFinite(beta1)) {
            throw new IllegalArgumentException("beta1 must be finite and >= 0, got " + beta1);
        }
    }

    @Override
    public double beta(double t) {
        return beta0 + beta1 * t;
    }

    @Override
    public double integral(double t) {
        return t * (beta0 + 0.5 * beta1 * t);
    }

    @Override
    public String describe() {
        return "linear(beta0=" + beta0 + ", beta1=" + beta1 + ")";
    }
}
