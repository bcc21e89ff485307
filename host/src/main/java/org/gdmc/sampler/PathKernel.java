package org.gdmc.sampler;

import org.gdmc.guidance.GuidedScore;
import org.gdmc.guidance.ScorePerturbation;
import org.gdmc.rng.NormalVariates;
import org.gdmc.mixture.MixtureLayout;
import org.gdmc.mixture.MixtureScore;

/**
 * One particle's whole guided reverse path, all steps fused (kernel subset: primitives and arrays only). This is the
 * per-particle maths every backend runs; the CPU backend calls it directly and device kernels inline it.
 *
 * <p>The path starts at y₀ ~ N(0, I) (noise step 0) at t₀ = T and ends at t_n = δ. Along it the class logit
 * ℓ_i = logit p_{t_i}(c | y_i) is evaluated at every node; the outputs are the final state and the observables
 * (see the {@code OBS_*} offsets): the data-law logit ℓ_data = logit p₀(c | y_n), the first and last node logits,
 * and whether ℓ never decreased along the path (ℓ_{i+1} ≥ ℓ_i for every i, i.e. p_t(c | Y_t) is non-decreasing).
 * The drift uses the scores after the modelled score error ({@link ScorePerturbation}); the logits are always exact.
 */
public final class PathKernel {
    /** Stochastic samplers: y' = A y + B s + C z. */
    public static final int AFFINE = 0;
    /** Heun on the probability-flow ODE. */
    public static final int HEUN = 1;

    /** logit p₀(c | y_n) under the data law. */
    public static final int OBS_DATA_LOGIT = 0;
    /** logit p_T(c | y₀). */
    public static final int OBS_START_LOGIT = 1;
    /** logit p_δ(c | y_n). */
    public static final int OBS_END_LOGIT = 2;
    /** 1 if the node logits never decreased, else 0. */
    public static final int OBS_MONOTONE = 3;
    public static final int OBS_LENGTH = 4;

    private PathKernel() {
    }

    /** Doubles of work space needed for dimension d. */
    public static int workLength(int d) {
        return 2 * MixtureScore.scratchLength(d) + 4 * d;
    }

    /** Longs of work space needed by the noise generator. */
    public static int wordsLength() {
        return 4;
    }

    /**
     * Simulates particle {@code particle} and writes its final state to state[stateOff .. +d) and its observables to
     * obs[obsOff .. +OBS_LENGTH).
     *
     * @param plan  the packed {@link StepPlan} of n = steps steps. Not modified.
     * @param err   the packed score error ({@link ScorePerturbation}). Not modified.
     * @param work  at least {@link #workLength} doubles from workOff. Modified.
     * @param words at least 4 longs from wordsOff. Modified.
     */
    public static void simulate(int integrator, double[] plan, int steps,
                                double[] params, int[] meta, int cls, int guidance, double strength,
                                double[] err, long seed, long particle,
                                double[] state, int stateOff, double[] obs, int obsOff,
                                double[] work, int workOff, long[] words, int wordsOff) {
        int d = MixtureLayout.dimension(meta);
        int n = steps;
        int sc = workOff;
        int sc2 = workOff + MixtureScore.scratchLength(d);
        int drift = workOff + 2 * MixtureScore.scratchLength(d);
        int aux = drift + d;
        int ystar = aux + d;
        int f0 = ystar + d;
        int alpha = StepPlan.alpha(n);
        int sigma2 = StepPlan.sigma2(n);
        int ca = StepPlan.coefA(n);
        int cb = StepPlan.coefB(n);
        int cc = StepPlan.coefC(n);

        NormalVariates.fill(seed, particle, 0, state, stateOff, d, words, wordsOff);
        double startLogit = 0.0;
        double prevLogit = 0.0;
        boolean monotone = true;
        for (int i = 0; i < n; i++) {
            MixtureScore.evaluate(params, meta, cls, plan[alpha + i], plan[sigma2 + i], state, stateOff, work, sc);
            double logit = MixtureScore.classLogit(work, sc, d);
            if (i == 0) {
                startLogit = logit;
            } else if (!(logit >= prevLogit)) {
                monotone = false;
            }
            prevLogit = logit;
            ScorePerturbation.apply(err, params, meta, cls, plan[alpha + i], plan[sigma2 + i], state, stateOff,
                    work, sc, sc2, d);
            GuidedScore.combine(guidance, strength, work, sc, d, work, drift);
            if (integrator == AFFINE) {
                NormalVariates.fill(seed, particle, i + 1, work, aux, d, words, wordsOff);
                double a = plan[ca + i];
                double b = plan[cb + i];
                double c = plan[cc + i];
                for (int j = 0; j < d; j++) {
                    state[stateOff + j] = a * state[stateOff + j] + b * work[drift + j] + c * work[aux + j];
                }
            } else {
                double h = plan[ca + i];
                double beta0 = plan[cb + i];
                double beta1 = plan[cc + i];
                for (int j = 0; j < d; j++) {
                    double f = beta0 * (state[stateOff + j] + work[drift + j]);
                    work[f0 + j] = f;
                    work[ystar + j] = state[stateOff + j] + h * f;
                }
                MixtureScore.evaluate(params, meta, cls, plan[alpha + i + 1], plan[sigma2 + i + 1],
                        work, ystar, work, sc);
                ScorePerturbation.apply(err, params, meta, cls, plan[alpha + i + 1], plan[sigma2 + i + 1], work, ystar,
                        work, sc, sc2, d);
                GuidedScore.combine(guidance, strength, work, sc, d, work, drift);
                for (int j = 0; j < d; j++) {
                    double f1 = beta1 * (work[ystar + j] + work[drift + j]);
                    state[stateOff + j] += 0.5 * h * (work[f0 + j] + f1);
                }
            }
        }
        MixtureScore.evaluate(params, meta, cls, plan[alpha + n], plan[sigma2 + n], state, stateOff, work, sc);
        double endLogit = MixtureScore.classLogit(work, sc, d);
        if (n == 0) {
            startLogit = endLogit;
        } else if (!(endLogit >= prevLogit)) {
            monotone = false;
        }
        MixtureScore.evaluate(params, meta, cls, plan[alpha + n + 1], plan[sigma2 + n + 1], state, stateOff, work, sc);
        obs[obsOff + OBS_DATA_LOGIT] = MixtureScore.classLogit(work, sc, d);
        obs[obsOff + OBS_START_LOGIT] = startLogit;
        obs[obsOff + OBS_END_LOGIT] = endLogit;
        obs[obsOff + OBS_MONOTONE] = monotone ? 1.0 : 0.0;
    }
}
