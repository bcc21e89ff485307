package org.gdmc.guidance;

/**
 * Classifier-free guidance s_w = (1 + w) ∇log p_t(x | c) − w ∇log p_t(x), computed as s_c + w (s_c − s_u), with w
 * following the schedule. w = 0 is the conditional score, w = −1 the unconditional one.
 */
public record ClassifierFreeGuidance(GuidanceSchedule schedule) implements Guidance {
    /** At a constant weight w. */
    public ClassifierFreeGuidance(double w) {
        this(new ConstantStrength(w));
    }

    @Override
    public int form() {
        return GuidedScore.CLASSIFIER_FREE;
    }

    @Override
    public double equivalentWeight(double strength) {
        return strength;
    }

    @Override
    public String describe() {
        return "cfg(" + schedule.describe("w") + ")";
    }
}
