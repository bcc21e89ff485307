package org.gdmc.guidance;

/**
 * Rescaled classifier-free guidance (Lin, Liu, Li, Yang 2024, §3.4; diffusers' {@code guidance_rescale}):
 * s = φ ρ s_w + (1 − φ) s_w with s_w = s_c + w (s_c − s_u) and ρ = std(s_c)/std(s_w) over the coordinates.
 * φ = 0 is classifier-free guidance. Needs d ≥ 2 (one coordinate has no spread).
 */
public record RescaledGuidance(GuidanceSchedule schedule, double phi) implements Guidance {
    public RescaledGuidance {
        if (!Double.isFinite(phi)) {
            throw new IllegalArgumentException("the rescale factor must be finite, got " + phi);
        }
    }

    @Override
    public int form() {
        return GuidedScore.RESCALED;
    }

    @Override
    public double equivalentWeight(double strength) {
        return strength;
    }

    @Override
    public double[] parameters(int d) {
        double[] p = new double[GuidedScore.parametersLength(d)];
        p[0] = phi;
        return p;
    }

    @Override
    public boolean wellConditioned() {
        return false;
    }

    @Override
    public String describe() {
        return "rescaled(" + schedule.describe("w") + ", phi=" + phi + ")";
    }
}
