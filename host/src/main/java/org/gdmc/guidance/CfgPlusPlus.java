package org.gdmc.guidance;

import java.util.Set;

import org.gdmc.sampler.DdpmAncestral;
import org.gdmc.sampler.Ddim;
import org.gdmc.sampler.StepPlan;

/**
 * CFG++ (Chung, Kim, Park, Nam, Ye 2024): Tweedie's denoiser uses the guided noise estimate
 * ε_λ = ε_u + λ (ε_c − ε_u), λ ∈ [0, 1] interpolating, and the renoising uses the unconditional ε_u. On a sampler that
 * steps as y' = (α_s/α_t) x̂₀ · α_t ... written y' = A y + B_d s_x̂₀ + B_r s_ε + C z (the Tweedie part B_d of the
 * score coefficient and the renoising part B_r, B_d + B_r = B), this is
 * <pre>
 *   y' = A y + B_d (s_u + λ (s_c − s_u)) + B_r s_u + C z = A y + B (s_u + κ_i (s_c − s_u)) + C z,   κ_i = λ B_d/B,
 * </pre>
 * classifier-free guidance at the per-step weight w_i = λ(t_i) B_d,i/B_i − 1, which is what the strength table holds.
 * Defined for DDIM (B_d = α_s σ_t²/α_t, B_r = −σ_s σ_t) and DDPM's ancestral step (B_d = σ_t² α_s/α_t,
 * B_r = −σ_s² α_t/α_s), the paper's Algorithms 1 and its ancestral form; refused for the others.
 * The ratio B_d/B grows like 1/h as the step h shrinks, so the method has no continuous-time limit.
 */
public record CfgPlusPlus(GuidanceSchedule schedule) implements Guidance {
    @Override
    public int form() {
        return GuidedScore.CLASSIFIER_FREE;
    }

    /** The table holds the effective weight itself. */
    @Override
    public double equivalentWeight(double strength) {
        return strength;
    }

    /** λ − 1: the references compare against p(x|c)^λ p(x)^(1−λ), the law λ interpolates towards. */
    @Override
    public double equivalentWeight() {
        return strength() - 1.0;
    }

    @Override
    public double strengthAt(StepPlan plan, int node) {
        double lambda = schedule.at(plan.grid().time(node), plan.process());
        int step = Math.min(node, plan.steps() - 1);
        return lambda * plan.sampler().tweedieShare(plan.process(), plan.grid(), step) - 1.0;
    }

    @Override
    public boolean continuousLimit() {
        return false;
    }

    @Override
    public Set<String> samplers() {
        return Set.of(Ddim.NAME, DdpmAncestral.NAME);
    }

    @Override
    public String describe() {
        return "cfg++(" + schedule.describe("lambda") + ")";
    }
}
