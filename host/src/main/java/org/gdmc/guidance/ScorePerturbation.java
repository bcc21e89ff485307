package org.gdmc.guidance;

import org.gdmc.kernel.KernelCode;
import org.gdmc.kernel.ScorePass;
import org.gdmc.mixture.MixtureScore;

/**
 * A modelled score error applied to the exact scores of one {@link MixtureScore#evaluate} pass (kernel subset), the
 * stand-in for a trained network's error. Packed as [kind, scope, ε, u₀ … u_{d−1}]:
 * <ul>
 *   <li>{@link #BIAS}: s ← s + ε u, u a unit vector;</li>
 *   <li>{@link #RELATIVE}: s ← (1 + ε) s;</li>
 *   <li>{@link #SMOOTHED}: s ← the exact score of the smoothed data law p₀ ∗ N(0, ε² I), i.e. the same mixture
 *       evaluated at σ_t² + α_t² ε² (every component's noised law widens by α_t² ε² I) — the error a network makes near
 *       a hard support boundary.</li>
 * </ul>
 * The scope selects the conditional score s_c ({@link #CONDITIONAL}), the unconditional s_u ({@link #UNCONDITIONAL}),
 * or both (then also the other-classes score s_o). The class logit, hence classifier guidance's p_t(c | x) and every
 * posterior observable, stays exact. ε = 0 leaves every score bit for bit unchanged.
 */
@KernelCode
public final class ScorePerturbation {
    public static final int NONE = 0;
    public static final int BIAS = 1;
    public static final int RELATIVE = 2;
    public static final int SMOOTHED = 3;
    /** Scope bits. */
    public static final int CONDITIONAL = 1;
    public static final int UNCONDITIONAL = 2;
    public static final int BOTH = 3;

    private ScorePerturbation() {
    }

    /** Length of the packed form in dimension d. */
    public static int packedLength(int d) {
        return 3 + d;
    }

    /**
     * The conditional score of a model with this error, written to out[outOff …) without touching the pass (the weak
     * model of autoguidance): s_c + ε u (bias), (1 + ε) s_c (relative), the smoothed law's s_c from a second pass at
     * scratch[s2Off …) (smoothed), s_c itself (none). The error's scope is not read: the weak model is conditional.
     *
     * @param scratch holds the exact pass at sOff. Only the second pass is written.
     */
    public static void conditionalInto(double[] err, int errOff, double[] params, int[] meta, int cls, double alpha,
                                       double sigma2, double[] point, int pOff, double[] scratch, int sOff, int s2Off,
                                       double[] out, int outOff, int d, int stride) {
        int kind = (int) err[errOff];
        double eps = err[errOff + 2];
        int st = stride;
        int sc = sOff + ScorePass.conditional(d) * st;
        if (kind == SMOOTHED) {
            MixtureScore.evaluate(params, meta, cls, alpha, sigma2 + alpha * alpha * eps * eps, point, pOff,
                    scratch, s2Off, st);
            sc = s2Off + ScorePass.conditional(d) * st;
        }
        for (int i = 0; i < d; i++) {
            int k = i * st;
            double v = scratch[sc + k];
            if (kind == BIAS) {
                v = v + eps * err[errOff + 3 + i];
            } else if (kind == RELATIVE) {
                v = (1.0 + eps) * v;
            }
            out[outOff + k] = v;
        }
    }

    /**
     * Perturbs the scores of the pass at scratch[sOff …] in place.
     *
     * @param err     the packed error at err[errOff …). Not modified.
     * @param point   the point of the pass, at point[pOff …). Not modified.
     * @param scratch holds the exact pass at sOff; a second pass may be written at s2Off (smoothed only). Modified.
     */
    public static void apply(double[] err, int errOff, double[] params, int[] meta, int cls, double alpha, double sigma2,
                             double[] point, int pOff, double[] scratch, int sOff, int s2Off, int d) {
        apply(err, errOff, params, meta, cls, alpha, sigma2, point, pOff, scratch, sOff, s2Off, d, 1);
    }

    /**
     * As {@link #apply(double[], int, double[], int[], int, double, double, double[], int, double[], int, int, int)},
     * element k of the point and of the passes at off + k·stride.
     */
    public static void apply(double[] err, int errOff, double[] params, int[] meta, int cls, double alpha, double sigma2,
                             double[] point, int pOff, double[] scratch, int sOff, int s2Off, int d, int stride) {
        int kind = (int) err[errOff];
        if (kind == NONE) {
            return;
        }
        int scope = (int) err[errOff + 1];
        double eps = err[errOff + 2];
        boolean cond = (scope & CONDITIONAL) != 0;
        boolean uncond = (scope & UNCONDITIONAL) != 0;
        int st = stride;
        int su = sOff + ScorePass.unconditional(d) * st;
        int sc = sOff + ScorePass.conditional(d) * st;
        int so = sOff + ScorePass.otherClasses(d) * st;
        if (kind == SMOOTHED) {
            MixtureScore.evaluate(params, meta, cls, alpha, sigma2 + alpha * alpha * eps * eps, point, pOff,
                    scratch, s2Off, st);
            int su2 = s2Off + ScorePass.unconditional(d) * st;
            int sc2 = s2Off + ScorePass.conditional(d) * st;
            int so2 = s2Off + ScorePass.otherClasses(d) * st;
            for (int i = 0; i < d; i++) {
                int k = i * st;
                if (cond) {
                    scratch[sc + k] = scratch[sc2 + k];
                }
                if (uncond) {
                    scratch[su + k] = scratch[su2 + k];
                }
                if (cond && uncond) {
                    scratch[so + k] = scratch[so2 + k];
                }
            }
            return;
        }
        for (int i = 0; i < d; i++) {
            int k = i * st;
            if (kind == BIAS) {
                double b = eps * err[errOff + 3 + i];
                if (cond) {
                    scratch[sc + k] += b;
                }
                if (uncond) {
                    scratch[su + k] += b;
                }
                if (cond && uncond) {
                    scratch[so + k] += b;
                }
            } else {
                double f = 1.0 + eps;
                if (cond) {
                    scratch[sc + k] *= f;
                }
                if (uncond) {
                    scratch[su + k] *= f;
                }
                if (cond && uncond) {
                    scratch[so + k] *= f;
                }
            }
        }
    }
}
