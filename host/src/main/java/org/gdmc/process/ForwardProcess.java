package org.gdmc.process;

/**
 * The variance-preserving forward process X_t = α_t X₀ + σ_t Z with α_t = exp(−B(t)) and
 * σ_t² = 1 − α_t² = −expm1(−2B(t)) (computed with expm1, so it keeps full relative precision as t → 0).
 */
public final class ForwardProcess {
    private final NoiseSchedule schedule;

    public ForwardProcess(NoiseSchedule schedule) {
        this.schedule = schedule;
    }

    public NoiseSchedule schedule() {
        return schedule;
    }

    /** α_t = exp(−B(t)). */
    public double alpha(double t) {
        return Math.exp(-schedule.integral(t));
    }

    /** σ_t² = 1 − α_t². */
    public double sigma2(double t) {
        return -Math.expm1(-2.0 * schedule.integral(t));
    }

    /** β(t). */
    public double beta(double t) {
        return schedule.beta(t);
    }

    /** B(t) − B(s) = ∫ₛᵗ β(u) du. */
    public double integral(double s, double t) {
        return schedule.integral(t) - schedule.integral(s);
    }
}
