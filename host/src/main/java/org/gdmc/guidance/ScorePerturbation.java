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
     * Perturbs the scores of the pass at scratch[sOff …] in place.
     *
     * @param err     the packed error at err[errOff …). Not modified.
     * @param point   the point of the pass, at point[pOff …). Not modified.
     * @param scratch holds the exact pass at sOff; a second pass may be written at s2Off (smoothed only). Modified.
     */
    public static void apply(double[] err, int errOff, double[] params, int[] meta, int cls, double alpha, double sigma2,
                             double[] point, int pOff, double[] scratch, int sOff, int s2Off, int d) {
        int kind = (int) err[errOff];
        if (kind == NONE) {
            return;
        }
        int scope = (int) err[errOff + 1];
        double eps = err[errOff + 2];
        boolean cond = (scope & CONDITIONAL) != 0;
        boolean uncond = (scope & UNCONDITIONAL) != 0;
        int su = sOff + ScorePass.unconditional(d);
        int sc = sOff + ScorePass.conditional(d);
        int so = sOff + ScorePass.otherClasses(d);
        if (kind == SMOOTHED) {
            MixtureScore.evaluate(params, meta, cls, alpha, sigma2 + alpha * alpha * eps * eps, point, pOff,
                    scratch, s2Off);
            for (int i = 0; i < d; i++) {
                if (cond) {
                    scratch[sc + i] = scratch[s2Off + ScorePass.conditional(d) + i];
                }
                if (uncond) {
                    scratch[su + i] = scratch[s2Off + ScorePass.unconditional(d) + i];
                }
                if (cond && uncond) {
                    scratch[so + i] = scratch[s2Off + ScorePass.otherClasses(d) + i];
                }
            }
            return;
        }
        for (int i = 0; i < d; i++) {
            if (kind == BIAS) {
                double b = eps * err[errOff + 3 + i];
                if (cond) {
                    scratch[sc + i] += b;
                }
                if (uncond) {
                    scratch[su + i] += b;
                }
                if (cond && uncond) {
                    scratch[so + i] += b;
                }
            } else {
                double f = 1.0 + eps;
                if (cond) {
                    scratch[sc + i] *= f;
                }
                if (uncond) {
                    scratch[su + i] *= f;
                }
                if (cond && uncond) {
                    scratch[so + i] *= f;
                }
            }
        }
    }
}
