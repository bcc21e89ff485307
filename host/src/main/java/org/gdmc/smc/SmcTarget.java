package org.gdmc.smc;

import java.util.Locale;

/**
 * The law SMC samples, a geometric law of the score model's two densities, q ∝ p₀(x | c)^a p₀(x)^b, through
 * Q_t = p_t(x | c)^a p_t(x)^b along the path (Skreta et al. 2025's annealed, geometric-average and product targets):
 * <ul>
 *   <li>{@link Kind#TILTED}: a = 1 + w, b = −w at each guidance value's w, the tilted law q_w (the geometric average
 *       that classifier-free guidance is said to sample);</li>
 *   <li>{@link Kind#ANNEALED}: a = β, b = 0, the class law at inverse temperature β;</li>
 *   <li>{@link Kind#ANNEALED_DATA}: a = 0, b = β, the data law at inverse temperature β;</li>
 *   <li>{@link Kind#PRODUCT}: a = b = 1, the product of the conditional and unconditional models' densities.</li>
 * </ul>
 * Under the last three every guidance value targets the same law, and the guidance list names the proposals compared
 * on it.
 *
 * @param kind which law
 * @param beta β of the annealed laws (NaN otherwise)
 */
public record SmcTarget(Kind kind, double beta) {
    /** The tilted law of each guidance value. */
    public static final SmcTarget TILTED = new SmcTarget(Kind.TILTED, Double.NaN);

    /** The target families, with their labels in study files. */
    public enum Kind {
        TILTED("tilted"), ANNEALED("annealed"), ANNEALED_DATA("annealed-data"), PRODUCT("product");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        /** Whether the family has an inverse temperature β. */
        public boolean annealed() {
            return this == ANNEALED || this == ANNEALED_DATA;
        }
    }

    /** a: the exponent of p_t(x | c) under guidance of equivalent weight w. */
    public double classExponent(double w) {
        return switch (kind) {
            case TILTED -> 1.0 + w;
            case ANNEALED -> beta;
            case ANNEALED_DATA -> 0.0;
            case PRODUCT -> 1.0;
        };
    }

    /** b: the exponent of p_t(x) under guidance of equivalent weight w. */
    public double dataExponent(double w) {
        return switch (kind) {
            case TILTED -> -w;
            case ANNEALED -> 0.0;
            case ANNEALED_DATA -> beta;
            case PRODUCT -> 1.0;
        };
    }

    /** The law in words, as summaries and notes print it. */
    public String describe(double w) {
        return switch (kind) {
            case TILTED -> String.format(Locale.ROOT, "the tilted law at w=%s", w);
            case ANNEALED -> String.format(Locale.ROOT, "the annealed class law p(x|c)^%s", beta);
            case ANNEALED_DATA -> String.format(Locale.ROOT, "the annealed data law p(x)^%s", beta);
            case PRODUCT -> "the product p(x|c) p(x)";
        };
    }
}
