package org.gdmc.guidance;

/**
 * Classifier-free guidance s_w = (1 + w) ∇log p_t(x | c) − w ∇log p_t(x), computed as s_c + w (s_c − s_u).
 * w = 0 is the conditional score, w = −1 the unconditional one.
 */
public record ClassifierFreeGuidance(double w) implements Guidance {
    public ClassifierFreeGuidance {
        if (!Double.isFinite(w)) {
            throw new IllegalArgumentException("guidance weight must be finite, got " + w);
        }
    }

    @Override
    public int code() {
        return GuidedScore.CLASSIFIER_FREE;
    }

    @Override
    public double strength() {
        return w;
    }

    @Override
    public double equivalentWeight() {
        return w;
    }

    @Override
    public String describe() {
        return "cfg(w=" + w + ")";
    }
}
