package org.gdmc.guidance;

/**
 * Adaptive projected guidance, APG (Sadat, Hilliges, Weber 2024, "Eliminating oversaturation and artifacts of high
 * guidance scales in diffusion models"), on the denoiser D = (x + σ_t² s)/α_t: the update ΔD = D_c − D_u (or its
 * momentum sum m ← ΔD + β m, updated at every evaluation of the guided score), scaled to norm at most r, split into
 * the parts parallel and orthogonal to D_c, D̂ = D_c + w (ΔD_⊥ + η ΔD_∥). The paper's guidance scale is 1 + w.
 * η = 1, r = 0, β = 0 is classifier-free guidance.
 *
 * @param eta       the weight of the parallel part
 * @param threshold the norm threshold r, ≥ 0 (0: none)
 * @param momentum  β (0: none; the paper's runs use negative values)
 */
public record ProjectedGuidance(GuidanceSchedule schedule, double eta, double threshold, double momentum)
        implements Guidance {
    public ProjectedGuidance {
        if (!Double.isFinite(eta) || !Double.isFinite(momentum) || !(threshold >= 0) || !Double.isFinite(threshold)) {
            throw new IllegalArgumentException("need finite eta and momentum and a threshold >= 0, got " + eta + ", "
                    + momentum + ", " + threshold);
        }
    }

    @Override
    public int form() {
        return GuidedScore.PROJECTED;
    }

    @Override
    public double equivalentWeight(double strength) {
        return strength;
    }

    @Override
    public double[] parameters(int d) {
        double[] p = new double[GuidedScore.parametersLength(d)];
        p[0] = eta;
        p[1] = threshold;
        p[2] = momentum;
        return p;
    }

    @Override
    public boolean continuousLimit() {
        return momentum == 0.0;
    }

    @Override
    public boolean wellConditioned() {
        return false;
    }

    @Override
    public String describe() {
        return "apg(" + schedule.describe("w") + ", eta=" + eta + ", r=" + threshold + ", beta=" + momentum + ")";
    }
}
