package org.gdmc.smc;

/** How an SMC island weighs a step of its particles ({@link TiltedWeights}). */
public enum WeightRule {
    /**
     * The exact importance weight of the step: γ_{i+1}(y_{i+1}) L(y_i | y_{i+1}) / (γ_i(y_i) K(y_{i+1} | y_i)), with
     * γ_i = Q_{t_i}, K the sampler's Gaussian step and L the forward process from t_{i+1} to t_i. The weighted
     * particles target Q_{t_i}/Z exactly at every node, whatever the step count.
     */
    EXACT("exact"),
    /**
     * Skreta et al.'s Feynman–Kac corrector: the potential ½g² w(1 + w)‖s_c − s_u‖² at the step's left end, times
     * the step. Exact in the limit of small steps; at w = 0 it weighs nothing, so the particles move as the plain
     * sampler's.
     */
    FEYNMAN_KAC("feynman-kac");

    private final String key;

    WeightRule(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The rule's code in {@link IslandKernel} ({@link IslandKernel#EXACT}, {@link IslandKernel#FEYNMAN_KAC}). */
    public int code() {
        return this == EXACT ? IslandKernel.EXACT : IslandKernel.FEYNMAN_KAC;
    }
}
