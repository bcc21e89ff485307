package org.gdmc.guidance;

import org.gdmc.mixture.MixtureScore;

/**
 * The guided score from one {@link MixtureScore#evaluate} pass (kernel subset).
 *
 * <ul>
 *   <li>Classifier-free: s = s_c + w (s_c − s_u), with s_c the conditional and s_u the unconditional mixture score.</li>
 *   <li>Classifier: s = s_u + γ ∇log p_t(c | x), with the classifier's gradient in its two-group form
 *       ∇log p_t(c | x) = (1 − p_t(c | x)) (s_c − s_o), s_o the score of the other classes' mixture and
 *       1 − p = 1 / (1 + e^{logit}).</li>
 * </ul>
 * The two are equal in exact arithmetic when γ = 1 + w; they are computed from different accumulations, so a test can
 * hold one against the other.
 */
public final class GuidedScore {
    public static final int CLASSIFIER_FREE = 0;
    public static final int CLASSIFIER = 1;

    private GuidedScore() {
    }

    /**
     * Writes the guided score into out[outOff .. outOff+d).
     *
     * @param scratch the scratch after {@link MixtureScore#evaluate} at sOff. Not modified.
     */
    public static void combine(int code, double strength, double[] scratch, int sOff, int d,
                               double[] out, int outOff) {
        int su = sOff + MixtureScore.unconditional(d);
        int sc = sOff + MixtureScore.conditional(d);
        int so = sOff + MixtureScore.otherClasses(d);
        if (code == CLASSIFIER) {
            double logit = MixtureScore.classLogit(scratch, sOff, d);
            double q = 1.0 / (1.0 + Math.exp(logit));
            double gq = strength * q;
            for (int i = 0; i < d; i++) {
                out[outOff + i] = scratch[su + i] + gq * (scratch[sc + i] - scratch[so + i]);
            }
        } else {
            for (int i = 0; i < d; i++) {
                double c = scratch[sc + i];
                out[outOff + i] = c + strength * (c - scratch[su + i]);
            }
        }
    }
}
