package org.gdmc.discrete;

/**
 * The masking schedule of the forward process: each token independently becomes MASK, keeping its value with
 * probability α_t = e^{−σ̄(t)}, σ̄(t) = ∫₀ᵗ σ(u) du, for t in [0, T].
 *
 * <p>What the guided dynamics see of it is the masked fraction m(t) = (1 − α_t)/(1 − α_T) ∈ (0, 1]: the probability
 * that an unguided token started masked at T is still masked at t. In the time g = −log(1 − α_t) the reverse
 * dynamics are homogeneous and g − g(T) = −log m(t).
 */
public interface MaskSchedule {
    /** σ̄(t), strictly increasing, σ̄(0) = 0. */
    double cumulativeRate(double t);

    /** The horizon T at which sampling starts from the all-masked sequence. */
    double horizon();

    /** A short description with its parameters, e.g. "log-linear (eps = 0.001)". */
    String describe();

    /** m(t) = (1 − α_t)/(1 − α_T), by expm1 so that it stays accurate near t = 0. */
    default double maskedFraction(double t) {
        return Math.expm1(-cumulativeRate(t)) / Math.expm1(-cumulativeRate(horizon()));
    }

    /** s(t) = −log m(t), the homogeneous time the guided dynamics have run by t (0 at T). */
    default double homogeneousTime(double t) {
        return -Math.log(maskedFraction(t));
    }

    /** Constant rate σ: σ̄(t) = σ t. */
    static MaskSchedule constant(double sigma, double horizon) {
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma = " + sigma + "; must be > 0");
        }
        if (!(horizon > 0) || !Double.isFinite(horizon)) {
            throw new IllegalArgumentException("T = " + horizon + "; must be > 0");
        }
        return new MaskSchedule() {
            @Override
            public double cumulativeRate(double t) {
                return sigma * t;
            }

            @Override
            public double horizon() {
                return horizon;
            }

            @Override
            public String describe() {
                return "constant (sigma = " + sigma + ", T = " + horizon + ")";
            }
        };
    }

    /**
     * Log-linear (SEDD's): σ̄(t) = −log(1 − (1 − ε) t) on [0, 1], so α_t = 1 − (1 − ε) t falls linearly to ε.
     */
    static MaskSchedule logLinear(double eps) {
        if (!(eps > 0) || !(eps < 1)) {
            throw new IllegalArgumentException("eps = " + eps + "; must be in (0, 1)");
        }
        return new MaskSchedule() {
            @Override
            public double cumulativeRate(double t) {
                return -Math.log1p(-(1.0 - eps) * t);
            }

            @Override
            public double horizon() {
                return 1.0;
            }

            @Override
            public String describe() {
                return "log-linear (eps = " + eps + ")";
            }
        };
    }
}
