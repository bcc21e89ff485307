package org.gdmc.process;

/**
 * The rate β(t) ≥ 0 of the variance-preserving (Ornstein–Uhlenbeck) forward process
 * dX = −β(t) X dt + √(2β(t)) dB, and its integral B(t) = ∫₀ᵗ β(u) du.
 */
public interface NoiseSchedule {
    /** β(t), in 1/time. */
    double beta(double t);

    /** B(t) = ∫₀ᵗ β(u) du, dimensionless. */
    double integral(double t);

    /** A one-line description for result files, e.g. {@code constant(beta=1.0)}. */
    String describe();
}
