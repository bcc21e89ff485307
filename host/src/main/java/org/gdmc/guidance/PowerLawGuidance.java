package org.gdmc.guidance;

/**
 * Power-law classifier-free guidance (Pavasovic, Verbeek, Biroli, Mézard 2025, arXiv 2502.07849):
 * s = s_c + w ‖s_c − s_u‖^a (s_c − s_u), the norm taken over the score difference (their default space);
 * a = 0 is classifier-free guidance.
 */
public record PowerLawGuidance(GuidanceSchedule schedule, double exponent) implements Guidance {
    public PowerLawGuidance {
        if (!(exponent >= 0) || !Double.isFinite(exponent)) {
            throw new IllegalArgumentException("the exponent must be finite and >= 0, got " + exponent);
        }
    }

    @Override
    public int form() {
        return GuidedScore.POWER_LAW;
    }

    @Override
    public double equivalentWeight(double strength) {
        return strength;
    }

    @Override
    public double[] parameters(int d) {
        double[] p = new double[GuidedScore.parametersLength(d)];
        p[0] = exponent;
        return p;
    }

    @Override
    public String describe() {
        return "power-law(" + schedule.describe("w") + ", a=" + exponent + ")";
    }
}
