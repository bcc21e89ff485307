package org.gdmc.sampler;

import java.util.Locale;

import org.gdmc.process.ForwardProcess;

/**
 * Predictor–corrector guidance (Bradley &amp; Nakkiran, "Classifier-free guidance is a predictor-corrector", TMLR 2025):
 * each step is a DDIM predictor on the <i>conditional</i> score, y ← (α_s/α_t) y + σ_t(σ_t α_s/α_t − σ_s) s_c(y, t)
 * (s = t_{i+1} &lt; t = t_i), then m Langevin corrector steps at the new noise level on the guided score,
 * y ← y + ε_i s_w(y, s) + √(2 ε_i) z, which for classifier-free guidance at weight w is the score of the γ-powered law
 * p_s(x | c)^γ p_s(x)^{1−γ}, γ = 1 + w. The corrector's step size ε_i follows a rule scaled by κ:
 * <ul>
 *   <li>{@link Rule#BETA}: ε_i = κ ∫_{t_{i+1}}^{t_i} β(u) du, the rule of the paper's SDE limit;</li>
 *   <li>{@link Rule#SIGMA2}: ε_i = κ σ²_{t_{i+1}} (annealed Langevin, Song &amp; Ermon 2019);</li>
 *   <li>{@link Rule#CONSTANT}: ε_i = κ.</li>
 * </ul>
 * The paper's theorem, in this project's process (dY = β(Y + 2 s_w) dτ + √(2β) dW for CFG–DDPM at w): splitting the
 * drift as β(Y + s_c) (DDIM's probability flow on the conditional) plus β(2 s_w − s_c) with the noise √(2β) dW (a
 * Langevin diffusion run for time ∫β dτ on 2 s_w − s_c = s_{2w}) shows that CFG–DDPM at w is, in the continuous
 * limit, this sampler with m = 1, rule β, κ = 1 at corrector weight w' = 2w (γ' = 2γ − 1 in the paper's γ). In
 * general, with rule β its limit is dY = β(Y + s_c + mκ s_{w'}) dτ + √(2mκβ) dW.
 *
 * <p>m = 0 is DDIM on the conditional score. Each corrector step j of step i draws the noise of step
 * 1 + i·m + j, so a path's noise stays keyed by (seed, particle, step).
 *
 * @param steps m ≥ 0, corrector steps per predictor step
 * @param rule  how ε_i is chosen
 * @param scale κ &gt; 0
 */
public record PredictorCorrector(int steps, Rule rule, double scale) implements ReverseSampler {
    public static final String NAME = "predictor-corrector";
    /** The most corrector steps per predictor step. */
    public static final int MAX_STEPS = 1000;
    /** One corrector step on the β rule at κ = 1: the limit of CFG–DDPM at half the corrector's weight. */
    public static final PredictorCorrector DEFAULT = new PredictorCorrector(1, Rule.BETA, 1.0);

    /** The corrector's step size rule. */
    public enum Rule {
        BETA, SIGMA2, CONSTANT;

        /** The name in a study file. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public PredictorCorrector {
        if (steps < 0 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("corrector steps must be in [0, " + MAX_STEPS + "], got " + steps);
        }
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("the corrector's step scale must be a finite number > 0, got " + scale);
        }
        java.util.Objects.requireNonNull(rule, "rule");
    }

    @Override
    public int kernel() {
        return PredictorCorrectorStep.CODE;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean stochastic() {
        return steps > 0;
    }

    @Override
    public int order() {
        return 1;
    }

    @Override
    public int correctorSteps() {
        return steps;
    }

    /** Whether the continuous limit is an SDE (rule β): the Langevin time per step is mκ ∫β. */
    public boolean hasContinuousLimit() {
        return rule == Rule.BETA;
    }

    /** λ = mκ, the Langevin time per unit of ∫β in the rule-β limit. */
    public double langevinRate() {
        return steps * scale;
    }

    /** DDIM's (A, B) and the corrector's ε_i. */
    @Override
    public void coefficients(ForwardProcess process, TimeGrid grid, double[] a, double[] b, double[] c) {
        new Ddim().coefficients(process, grid, a, b, c);
        for (int i = 0; i < grid.steps(); i++) {
            double t = grid.time(i);
            double s = grid.time(i + 1);
            c[i] = scale * switch (rule) {
                case BETA -> process.integral(s, t);
                case SIGMA2 -> process.sigma2(s);
                case CONSTANT -> 1.0;
            };
        }
    }

    /** "predictor-corrector (m = 1, rule beta, scale 1)". */
    @Override
    public String describe() {
        return String.format(Locale.ROOT, "%s (m = %d, rule %s, scale %s)", NAME, steps, rule.key(),
                scale == Math.rint(scale) && Math.abs(scale) < 1e15 ? Long.toString((long) scale)
                        : Double.toString(scale));
    }
}
