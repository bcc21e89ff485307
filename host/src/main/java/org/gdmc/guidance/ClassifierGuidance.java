package org.gdmc.guidance;

/**
 * Classifier guidance s = ∇log p_t(x) + γ ∇log p_t(c | x), with γ following the schedule. With exact scores it equals
 * classifier-free guidance with w = γ − 1.
 */
public record ClassifierGuidance(GuidanceSchedule schedule) implements Guidance {
    /** At a constant strength γ. */
    public ClassifierGuidance(double gamma) {
        this(new ConstantStrength(gamma));
    }

    @Override
    public int form() {
        return GuidedScore.CLASSIFIER;
    }

    @Override
    public double equivalentWeight(double strength) {
        return strength - 1.0;
    }

    @Override
    public String describe() {
        return "classifier(" + schedule.describe("gamma") + ")";
    }
}
