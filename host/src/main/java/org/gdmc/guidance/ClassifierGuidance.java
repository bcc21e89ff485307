package org.gdmc.guidance;

/**
 * Classifier guidance s = ∇log p_t(x) + γ ∇log p_t(c | x). With exact scores it equals classifier-free guidance with
 * w = γ − 1.
 */
public record ClassifierGuidance(double gamma) implements Guidance {
    public ClassifierGuidance {
        if (!Double.isFinite(gamma)) {
            throw new IllegalArgumentException("guidance strength gamma must be finite, got " + gamma);
        }
    }

    @Override
    public int code() {
        return GuidedScore.CLASSIFIER;
    }

    @Override
    public double strength() {
        return gamma;
    }

    @Override
    public double equivalentWeight() {
        return gamma - 1.0;
    }

    @Override
    public String describe() {
        return "classifier(gamma=" + gamma + ")";
    }
}
