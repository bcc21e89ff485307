package org.gdmc.guidance;

import org.gdmc.kernel.KernelCode;
import org.gdmc.kernel.ScorePass;

/**
 * The guidance forms: the guided score from one score pass ({@link ScorePass}) at a given strength, one method per
 * form, selected by its code (kernel subset). A form's strength may vary along the path (a schedule): the kernel
 * passes the strength at the current node.
 *
 * <ul>
 *   <li>Classifier-free: s = s_c + w (s_c − s_u), with s_c the conditional and s_u the unconditional score.</li>
 *   <li>Classifier: s = s_u + γ ∇log p_t(c | x), with the classifier's gradient in its two-group form
 *       ∇log p_t(c | x) = (1 − p_t(c | x)) (s_c − s_o), s_o the score of the other classes' mixture and
 *       1 − p = 1 / (1 + e^{logit}).</li>
 * </ul>
 * The two are equal in exact arithmetic when γ = 1 + w; they are computed from different accumulations, so a test can
 * hold one against the other.
 */
@KernelCode
public final class GuidedScore {
    public static final int CLASSIFIER_FREE = 0;
    public static final int CLASSIFIER = 1;

    private GuidedScore() {
    }

    /**
     * Writes the guided score of the form with this code into out[outOff .. outOff+d).
     *
     * @param pass the score pass at pOff. Not modified.
     */
    public static void combine(int form, double strength, double[] pass, int pOff, int d, double[] out, int outOff) {
        combine(form, strength, pass, pOff, d, out, outOff, 1);
    }

    /** As {@link #combine(int, double, double[], int, int, double[], int)}, element k at off + k·stride. */
    public static void combine(int form, double strength, double[] pass, int pOff, int d, double[] out, int outOff,
                               int stride) {
        if (form == CLASSIFIER) {
            classifier(strength, pass, pOff, d, out, outOff, stride);
        } else if (form == CLASSIFIER_FREE) {
            classifierFree(strength, pass, pOff, d, out, outOff, stride);
        }
    }

    /** Whether {@link #combine} runs the form with this code (a program with any other is refused on the host). */
    public static boolean dispatches(int form) {
        return form == CLASSIFIER_FREE || form == CLASSIFIER;
    }

    /** s = s_c + w (s_c − s_u). */
    public static void classifierFree(double w, double[] pass, int pOff, int d, double[] out, int outOff,
                                      int stride) {
        int su = pOff + ScorePass.unconditional(d) * stride;
        int sc = pOff + ScorePass.conditional(d) * stride;
        for (int i = 0; i < d; i++) {
            double c = pass[sc + i * stride];
            out[outOff + i * stride] = c + w * (c - pass[su + i * stride]);
        }
    }

    /** s = s_u + γ (1 − p) (s_c − s_o), 1 − p = 1 / (1 + e^ℓ) with ℓ the pass's class logit. */
    public static void classifier(double gamma, double[] pass, int pOff, int d, double[] out, int outOff,
                                  int stride) {
        int su = pOff + ScorePass.unconditional(d) * stride;
        int sc = pOff + ScorePass.conditional(d) * stride;
        int so = pOff + ScorePass.otherClasses(d) * stride;
        double logit = ScorePass.classLogit(pass, pOff, d, stride);
        double q = 1.0 / (1.0 + Math.exp(logit));
        double gq = gamma * q;
        for (int i = 0; i < d; i++) {
            int k = i * stride;
            out[outOff + k] = pass[su + k] + gq * (pass[sc + k] - pass[so + k]);
        }
    }
}
