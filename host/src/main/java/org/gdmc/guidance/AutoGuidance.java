package org.gdmc.guidance;

/**
 * Autoguidance (Karras, Aittala, Kynkäänniemi, Lehtinen, Aila, Laine 2024, "Guiding a diffusion model with a bad
 * version of itself"): s = s_c + w (s_c − s_c^weak), the conditional score guided away from a weaker conditional
 * model, here the same target under a modelled score error (its scope is ignored: the weak model is conditional).
 * The paper's guidance weight is 1 + w. Its references are the class law's (w = 0): autoguidance aims at p(x|c).
 */
public record AutoGuidance(GuidanceSchedule schedule, ScoreError weak) implements Guidance {
    public AutoGuidance {
        if (weak == null || weak.kind() == ScoreError.Kind.NONE) {
            throw new IllegalArgumentException("autoguidance needs a weak model: a score error other than none");
        }
    }

    @Override
    public int form() {
        return GuidedScore.AUTOGUIDANCE;
    }

    @Override
    public double equivalentWeight(double strength) {
        return strength;
    }

    @Override
    public double equivalentWeight() {
        return 0.0;
    }

    @Override
    public double[] parameters(int d) {
        double[] p = new double[GuidedScore.parametersLength(d)];
        double[] e = weak.packed(d);
        System.arraycopy(e, 0, p, GuidedScore.weakModel(), e.length);
        return p;
    }

    @Override
    public String describe() {
        return "autoguidance(" + schedule.describe("w") + ", weak=" + weak.describe() + ")";
    }
}
