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
 *
 * <p>The variants modify classifier-free guidance at weight w (Δ = s_c − s_u); their parameters sit in a record of
 * {@link #parametersLength} doubles in the program's tables:
 * <ul>
 *   <li>{@link #POWER_LAW} (Pavasovic, Verbeek, Biroli, Mézard 2025): s = s_c + w ‖Δ‖^a Δ, a ≥ 0 (a = 0: CFG);</li>
 *   <li>{@link #RESCALED} (Lin et al. 2024, diffusers' {@code guidance_rescale} φ): with s_w = s_c + w Δ and
 *       ρ = std(s_c)/std(s_w) (standard deviations over the d coordinates, ρ = 1 when std(s_w) = 0),
 *       s = (1 + φ (ρ − 1)) s_w. Applied to the score, this is the same as on the ε-prediction −σ_t s (ρ is
 *       invariant to the factor);</li>
 *   <li>{@link #PROJECTED}, adaptive projected guidance (Sadat, Hilliges, Weber 2024), on the denoiser
 *       D = (x + σ_t² s)/α_t: ΔD = D_c − D_u = (σ_t²/α_t) Δ; with momentum β the running m ← ΔD + β m replaces ΔD;
 *       a norm threshold r &gt; 0 scales it by min(1, r/‖ΔD‖); then D̂ = D_c + w (ΔD_⊥ + η ΔD_∥) with ΔD_∥ its
 *       projection on D_c, and s = (α_t D̂ − x)/σ_t² = s_c + (α_t w/σ_t²)(ΔD + (η − 1) ΔD_∥). η = 1, r = 0, β = 0
 *       is CFG;</li>
 *   <li>{@link #AUTOGUIDANCE} (Karras et al. 2024): s = s_c + w (s_c − s_c^weak), the weak model's conditional
 *       score from the exact pass under the record's packed score error (at offset {@link #weakModel}).</li>
 * </ul>
 */
@KernelCode
public final class GuidedScore {
    public static final int CLASSIFIER_FREE = 0;
    public static final int CLASSIFIER = 1;
    public static final int POWER_LAW = 2;
    public static final int RESCALED = 3;
    public static final int PROJECTED = 4;
    public static final int AUTOGUIDANCE = 5;

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

    /** Doubles of one guidance's parameter record in dimension d: three parameters, then a weak model's error. */
    public static int parametersLength(int d) {
        return weakModel() + ScorePerturbation.packedLength(d);
    }

    /** Offset of the weak model's packed score error in a parameter record. */
    public static int weakModel() {
        return 3;
    }

    /**
     * Writes the guided score of any form into out[outOff .. +d): the two linear forms as above, the variants from
     * their parameters at tables[par …), the point x (for the denoiser), α_t and σ_t², the weak model's conditional
     * score at work[weak …) (autoguidance) and the momentum at work[momentum …) (adaptive projected guidance; read
     * and updated).
     */
    public static void combine(int form, double strength, double[] tables, int par, double[] pass, int pOff, int d,
                               double[] x, int xOff, double alpha, double sigma2, double[] work, int weak,
                               int momentum, double[] out, int outOff, int stride) {
        if (form == CLASSIFIER) {
            classifier(strength, pass, pOff, d, out, outOff, stride);
        } else if (form == CLASSIFIER_FREE) {
            classifierFree(strength, pass, pOff, d, out, outOff, stride);
        } else {
            variant(form, strength, tables, par, pass, pOff, d, x, xOff, alpha, sigma2, work, weak, momentum, out,
                    outOff, stride);
        }
    }

    /**
     * The variants' branch of {@link #combine}, kept apart so that the linear forms' dispatch stays small enough for
     * the JIT to inline into the path loop.
     */
    public static void variant(int form, double strength, double[] tables, int par, double[] pass, int pOff, int d,
                               double[] x, int xOff, double alpha, double sigma2, double[] work, int weak,
                               int momentum, double[] out, int outOff, int stride) {
        if (form == POWER_LAW) {
            powerLaw(strength, tables[par], pass, pOff, d, out, outOff, stride);
        } else if (form == RESCALED) {
            rescaled(strength, tables[par], pass, pOff, d, out, outOff, stride);
        } else if (form == PROJECTED) {
            projected(strength, tables[par], tables[par + 1], tables[par + 2], pass, pOff, d, x, xOff, alpha, sigma2,
                    work, momentum, out, outOff, stride);
        } else if (form == AUTOGUIDANCE) {
            autoguidance(strength, pass, pOff, d, work, weak, out, outOff, stride);
        }
    }

    /** Whether {@link #combine} runs the form with this code (a program with any other is refused on the host). */
    public static boolean dispatches(int form) {
        return form >= CLASSIFIER_FREE && form <= AUTOGUIDANCE;
    }

    /** Whether the form is s_c + κ (s_c − s_u) with κ from the strength alone (what the CPU's vector lanes run). */
    public static boolean linear(int form) {
        return form == CLASSIFIER_FREE || form == CLASSIFIER;
    }

    /** s = s_c + w ‖Δ‖^a Δ, Δ = s_c − s_u; a = 0 is classifier-free guidance bit for bit. */
    public static void powerLaw(double w, double a, double[] pass, int pOff, int d, double[] out, int outOff,
                                int stride) {
        int su = pOff + ScorePass.unconditional(d) * stride;
        int sc = pOff + ScorePass.conditional(d) * stride;
        double n2 = 0.0;
        for (int i = 0; i < d; i++) {
            double delta = pass[sc + i * stride] - pass[su + i * stride];
            n2 += delta * delta;
        }
        double f = w;
        if (a != 0.0) {
            double norm = 0.0;
            if (n2 > 0.0) {
                norm = Math.exp(0.5 * a * Math.log(n2));
            }
            f = w * norm;
        }
        for (int i = 0; i < d; i++) {
            double c = pass[sc + i * stride];
            out[outOff + i * stride] = c + f * (c - pass[su + i * stride]);
        }
    }

    /** s = (1 + φ (ρ − 1)) s_w, s_w = s_c + w Δ, ρ = std(s_c)/std(s_w) over the coordinates (1 when std(s_w) = 0). */
    public static void rescaled(double w, double phi, double[] pass, int pOff, int d, double[] out, int outOff,
                                int stride) {
        classifierFree(w, pass, pOff, d, out, outOff, stride);
        int sc = pOff + ScorePass.conditional(d) * stride;
        double meanC = 0.0;
        double meanW = 0.0;
        for (int i = 0; i < d; i++) {
            meanC += pass[sc + i * stride];
            meanW += out[outOff + i * stride];
        }
        meanC = meanC / d;
        meanW = meanW / d;
        double varC = 0.0;
        double varW = 0.0;
        for (int i = 0; i < d; i++) {
            double c = pass[sc + i * stride] - meanC;
            double g = out[outOff + i * stride] - meanW;
            varC += c * c;
            varW += g * g;
        }
        double rho = 1.0;
        if (varW > 0.0) {
            rho = Math.sqrt(varC / varW);
        }
        double f = 1.0 + phi * (rho - 1.0);
        for (int i = 0; i < d; i++) {
            out[outOff + i * stride] = f * out[outOff + i * stride];
        }
    }

    /**
     * Adaptive projected guidance on the denoiser (see the class comment): η the weight of the parallel part, r the
     * norm threshold (0: none), β the momentum (0: none; the running sum at work[momentum …) is then not read).
     */
    public static void projected(double w, double eta, double r, double beta, double[] pass, int pOff, int d,
                                 double[] x, int xOff, double alpha, double sigma2, double[] work, int momentum,
                                 double[] out, int outOff, int stride) {
        int su = pOff + ScorePass.unconditional(d) * stride;
        int sc = pOff + ScorePass.conditional(d) * stride;
        double k = sigma2 / alpha;
        for (int i = 0; i < d; i++) {
            int at = i * stride;
            double diff = k * (pass[sc + at] - pass[su + at]);
            if (beta != 0.0) {
                diff = diff + beta * work[momentum + at];
                work[momentum + at] = diff;
            }
            out[outOff + at] = diff;
        }
        if (r > 0.0) {
            double n2 = 0.0;
            for (int i = 0; i < d; i++) {
                double v = out[outOff + i * stride];
                n2 += v * v;
            }
            double norm = Math.sqrt(n2);
            if (norm > r) {
                double shrink = r / norm;
                for (int i = 0; i < d; i++) {
                    out[outOff + i * stride] = shrink * out[outOff + i * stride];
                }
            }
        }
        double dot = 0.0;
        double dd = 0.0;
        for (int i = 0; i < d; i++) {
            int at = i * stride;
            double den = (x[xOff + at] + sigma2 * pass[sc + at]) / alpha;
            dot += out[outOff + at] * den;
            dd += den * den;
        }
        double par = 0.0;
        if (dd > 0.0) {
            par = (eta - 1.0) * dot / dd;
        }
        double f = alpha * w / sigma2;
        for (int i = 0; i < d; i++) {
            int at = i * stride;
            double den = (x[xOff + at] + sigma2 * pass[sc + at]) / alpha;
            out[outOff + at] = pass[sc + at] + f * (out[outOff + at] + par * den);
        }
    }

    /** s = s_c + w (s_c − s_c^weak), the weak model's conditional score at work[weak …). */
    public static void autoguidance(double w, double[] pass, int pOff, int d, double[] work, int weak, double[] out,
                                    int outOff, int stride) {
        int sc = pOff + ScorePass.conditional(d) * stride;
        for (int i = 0; i < d; i++) {
            double c = pass[sc + i * stride];
            out[outOff + i * stride] = c + w * (c - work[weak + i * stride]);
        }
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
