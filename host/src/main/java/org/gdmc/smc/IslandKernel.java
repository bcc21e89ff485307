package org.gdmc.smc;

import org.gdmc.kernel.GuidedDrift;
import org.gdmc.kernel.KernelCode;
import org.gdmc.kernel.PathKernel;
import org.gdmc.kernel.PathProgram;
import org.gdmc.kernel.ScorePass;
import org.gdmc.kernel.StartLaw;
import org.gdmc.rng.NormalVariates;
import org.gdmc.sampler.AffineStep;

/**
 * The phases of an SMC island ({@code Island}), written once for the CPU and the device (kernel subset, float64
 * only): per particle, its start, its weighing at a node, its copy before and after resampling, its Langevin move and
 * its step to the next node; per island, the resampling decision, the move's step-size rule and the final
 * normalisation. The CPU runs them in order for one island at a time; the device runs each phase as a task over a
 * batch of islands, one work item per particle (or per island), so both compute the same numbers in the same order.
 *
 * <p><b>Layout.</b> Each particle has a record of {@link #record} doubles that travels with it when it is resampled
 * (its state, path record, guided score, the noise slot, the Langevin gradient, its log-weight and its last move's
 * outcome) and scratch that does not (the score passes' work space, the move's normals and proposal, the state before
 * a step, the noise words). Element e of particle q's record lies at q·recStep + e·stride, and of its scratch at
 * q·scratchStep + e·stride: the CPU lays records out row by row (recStep = {@link #record}, stride 1) and shares one
 * scratch (scratchStep 0); the device lays everything out by particle (recStep = scratchStep = 1, stride = the
 * batch's capacity), so neighbouring work items touch neighbouring addresses. An island's figures are
 * {@link #ISLAND} doubles at isl[j·ISLAND …).
 */
@KernelCode(float32 = false)
public final class IslandKernel {
    /** Per-particle record: offsets of the state (d), then the path record below. */
    public static final int STATE = 0;
    /** Path record, after the state: start logit, last logit, monotone flag, log Q at the node, pending weight. */
    public static final int TRACK = 5;
    /** The island's figures: log Ẑ so far, the least ESS, the final ESS, resamplings, the move's ε. */
    public static final int LOG_Z = 0;
    public static final int MIN_ESS = 1;
    public static final int FINAL_ESS = 2;
    public static final int RESAMPLINGS = 3;
    public static final int STEP_SIZE = 4;
    /** Langevin moves accepted and tried. */
    public static final int ACCEPTED = 5;
    public static final int TRIED = 6;
    /** 1 when the island resampled at the current node. */
    public static final int RESAMPLED = 7;
    public static final int ISLAND = 8;
    /** Codes of the weight rules ({@code WeightRule}). */
    public static final int EXACT = 0;
    public static final int FEYNMAN_KAC = 1;
    /** The acceptance the Langevin step size aims at (the optimum for Langevin proposals). */
    public static final double TARGET_ACCEPTANCE = 0.574;

    private IslandKernel() {
    }

    /** Doubles of a particle's record in dimension d: state, track, guided score, noise, gradient, weight, moved. */
    public static int record(int d) {
        return 4 * d + TRACK + 2;
    }

    /** Offset of the path record. */
    public static int track(int d) {
        return d;
    }

    /** Offset of the guided score at the particle's node. */
    public static int drift(int d) {
        return d + TRACK;
    }

    /** Offset of the step's noise. */
    public static int noise(int d) {
        return 2 * d + TRACK;
    }

    /** Offset of ∇log Q at the particle's point (for the moves). */
    public static int gradient(int d) {
        return 3 * d + TRACK;
    }

    /** Offset of the log-weight. */
    public static int logWeight(int d) {
        return 4 * d + TRACK;
    }

    /** Offset of the last move's outcome (1 accepted, 0 not). */
    public static int moved(int d) {
        return 4 * d + TRACK + 1;
    }

    /**
     * Doubles of a particle's scratch besides the score passes' work space: the move's d + 2 normals, its proposed
     * point and that point's guided score (d each), and the state before a step (d).
     */
    public static int scratch(int d) {
        return 4 * d + 2;
    }

    /** Offset in the scratch of the proposed point. */
    static int point(int d) {
        return d + 2;
    }

    /** Offset in the scratch of the proposed point's guided score. */
    static int trial(int d) {
        return 2 * d + 2;
    }

    /** Offset in the scratch of the state before a step. */
    static int before(int d) {
        return 3 * d + 2;
    }

    /** An island's figures before its first node: log Ẑ 0, least ESS m, ε = ½σ²(t₀). */
    public static void open(int[] program, double[] tables, int m, double[] isl, int io) {
        isl[io + LOG_Z] = 0.0;
        isl[io + MIN_ESS] = m;
        isl[io + FINAL_ESS] = 0.0;
        isl[io + RESAMPLINGS] = 0.0;
        isl[io + STEP_SIZE] = 0.5 * tables[program[PathProgram.SIGMA2]];
        isl[io + ACCEPTED] = 0.0;
        isl[io + TRIED] = 0.0;
        isl[io + RESAMPLED] = 0.0;
    }

    /** Draws the particle's start into its record's state (record at r, work space at w, words at wo). */
    public static void start(int[] program, double[] tables, long seed, long particle, double[] rec, int r,
                             double[] work, int w, long[] words, int wo, int stride) {
        StartLaw.draw(program, tables, seed, particle, rec, r, work, w, words, wo, stride);
    }

    /**
     * Node i of the particle: its guided score under guidance g (at i &lt; n; at the last node, t = δ, the score
     * model's pass only), its logit and monotone flag, and its weight completed up to node i for the target
     * Q_t = p_t(x | c)^a p_t(x)^b: the start weight at i = 0, else the step's exact weight γ_i(y') L / (γ_{i−1}(y) K)
     * (rule {@link #EXACT}) or the Feynman–Kac potential of the step that follows (rule {@link #FEYNMAN_KAC}). With
     * moves, ∇log Q_{t_i} is kept for them.
     */
    public static void weigh(int[] program, double[] tables, double[] params, int[] meta, int g, int i, double a,
                             double b, double logPrior, int rule, int moves, double[] rec, int r, double[] work,
                             int w, int stride) {
        int n = program[PathProgram.STEPS];
        int d = program[PathProgram.DIMENSION];
        int pass = w;
        int pass2 = w + ScorePass.length(d) * stride;
        int t = r + track(d) * stride;
        int lw = r + logWeight(d) * stride;
        if (i < n) {
            GuidedDrift.evaluate(program, tables, params, meta, g, i, rec, r, work, pass, pass2, rec,
                    r + drift(d) * stride, stride);
        } else {
            GuidedDrift.scores(program, tables, params, meta, n, rec, r, work, pass, stride);
        }
        double logit = ScorePass.classLogit(work, pass, d, stride);
        double logTarget = TiltedWeights.logTarget(work, pass, d, a, b, logPrior, stride);
        if (i == 0) {
            if (program[PathProgram.START] == StartLaw.EXACT) {
                rec[lw] = TiltedWeights.logOverClass(work, pass, d, a, b, logPrior, stride);
            } else {
                rec[lw] = logTarget - TiltedWeights.logStandardNormal(rec, r, d, stride);
            }
            rec[t] = logit;
            rec[t + 2 * stride] = 1.0;
        } else {
            if (!(logit >= rec[t + stride])) {
                rec[t + 2 * stride] = 0.0;
            }
            if (rule == EXACT) {
                rec[lw] += logTarget - rec[t + 3 * stride] + rec[t + 4 * stride];
            }
        }
        rec[t + stride] = logit;
        rec[t + 3 * stride] = logTarget;
        if (i < n) {
            if (moves > 0) {
                TiltedWeights.gradient(work, pass, d, a, b, rec, r + gradient(d) * stride, stride);
            }
            if (rule == FEYNMAN_KAC) {
                // the rule holds for a + b = 1 under the guided proposal only (SmcSection refuses the rest)
                rec[lw] += TiltedWeights.diffusionFactor(program, tables, i)
                        * TiltedWeights.potential(work, pass, d, -b, stride);
            }
        }
    }

    /**
     * The island's resampling decision at node i (particles first … first + m − 1, records recStep apart): its ESS
     * lowers the least ESS; below θm the weights' log-mean joins log Ẑ and the systematic draw from (seed, island, i)
     * writes each particle's ancestor (0 … m − 1) at ancestor[aOff + k], and the island is marked resampled.
     */
    public static void select(long seed, long island, int i, double threshold, int m, int d, double[] rec,
                              int first, int recStep, int stride, int[] ancestor, int aOff, double[] isl, int io,
                              long[] words, int wo, int wStride) {
        int lw = first + logWeight(d) * stride;
        double ess = Resampling.effectiveSize(rec, lw, recStep, m);
        isl[io + MIN_ESS] = Math.min(isl[io + MIN_ESS], ess);
        if (ess < threshold * m) {
            isl[io + LOG_Z] += Resampling.logMean(rec, lw, recStep, m);
            double u = Resampling.uniform(seed, island, i, words, wo, wStride);
            Resampling.systematic(rec, lw, recStep, m, u, ancestor, aOff);
            isl[io + RESAMPLINGS] += 1.0;
            isl[io + RESAMPLED] = 1.0;
        } else {
            isl[io + RESAMPLED] = 0.0;
        }
    }

    /** Copies a particle's record (at r) to the spare records (at the same place), before its island resamples. */
    public static void keep(int d, double[] rec, double[] spare, int r, int stride) {
        int length = record(d);
        for (int e = 0; e < length; e++) {
            spare[r + e * stride] = rec[r + e * stride];
        }
    }

    /** Takes the record of the particle's ancestor from the spare records (ancestor's record at a) and weight 1. */
    public static void inherit(int d, double[] spare, int a, double[] rec, int r, int stride) {
        int length = record(d);
        for (int e = 0; e < length; e++) {
            rec[r + e * stride] = spare[a + e * stride];
        }
        rec[r + logWeight(d) * stride] = 0.0;
    }

    /**
     * One Metropolis-adjusted Langevin step at node i targeting Q_{t_i}, with step size ε: y' = y + ε ∇log Q(y)
     * + √(2ε) z, accepted with probability min(1, Q(y') q(y | y') / (Q(y) q(y' | y))), the normals z and the uniform
     * u = exp(−(z_d² + z_{d+1}²)/2) those of (seed, particle, noiseStep). An accepted particle takes the new point's
     * log Q, gradient, logit and guided score; the record's moved slot says whether it did. Scratch at s.
     */
    public static void move(int[] program, double[] tables, double[] params, int[] meta, int g, int i, double a,
                            double b, double logPrior, long seed, long particle, long noiseStep, double step,
                            double[] rec, int r, double[] work, int w, double[] scratch, int s, long[] words, int wo,
                            int stride) {
        int d = program[PathProgram.DIMENSION];
        int pass = w;
        int pass2 = w + ScorePass.length(d) * stride;
        int y = s + point(d) * stride;
        int grad = r + gradient(d) * stride;
        double root = Math.sqrt(2.0 * step);
        NormalVariates.fill(seed, particle, noiseStep, scratch, s, d + 2, words, wo, stride);
        double zd = scratch[s + d * stride];
        double ze = scratch[s + (d + 1) * stride];
        double logU = -0.5 * (zd * zd + ze * ze);
        double forward = 0.0;
        for (int j = 0; j < d; j++) {
            double z = scratch[s + j * stride];
            scratch[y + j * stride] = rec[r + j * stride] + step * rec[grad + j * stride] + root * z;
            forward += z * z;
        }
        GuidedDrift.evaluate(program, tables, params, meta, g, i, scratch, y, work, pass, pass2, scratch,
                s + trial(d) * stride, stride);
        double logTarget = TiltedWeights.logTarget(work, pass, d, a, b, logPrior, stride);
        TiltedWeights.gradient(work, pass, d, a, b, work, pass2, stride);
        double backward = 0.0;
        for (int j = 0; j < d; j++) {
            double e = rec[r + j * stride] - scratch[y + j * stride] - step * work[pass2 + j * stride];
            backward += e * e;
        }
        int t = r + track(d) * stride;
        // log q(y | y') − log q(y' | y) = −(|y − y' − ε g'|² − 2ε |z|²)/(4ε)
        double logAlpha = logTarget - rec[t + 3 * stride] - (backward - 2.0 * step * forward) / (4.0 * step);
        if (logU < logAlpha) {
            int dr = r + drift(d) * stride;
            int tr = s + trial(d) * stride;
            for (int j = 0; j < d; j++) {
                rec[r + j * stride] = scratch[y + j * stride];
                rec[grad + j * stride] = work[pass2 + j * stride];
                rec[dr + j * stride] = scratch[tr + j * stride];
            }
            rec[t + 3 * stride] = logTarget;
            rec[t + stride] = ScorePass.classLogit(work, pass, d, stride);
            rec[r + moved(d) * stride] = 1.0;
        } else {
            rec[r + moved(d) * stride] = 0.0;
        }
    }

    /**
     * The island's tally after a round of moves, and its step-size rule when the round took the ladder's first scale
     * ({@code update} 1): ε ← ε exp(2(rate − 0.574)), rate the fraction of its m particles that moved, from the
     * island's own history only. Rounds at the ladder's other scales are counted but leave ε alone, so ε is sized by
     * the moves it is used unscaled in.
     */
    public static void adapt(int m, int d, double[] rec, int first, int recStep, int stride, double[] isl, int io,
                             int update) {
        int at = first + moved(d) * stride;
        int count = 0;
        for (int k = 0; k < m; k++) {
            if (rec[at + k * recStep] > 0.5) {
                count++;
            }
        }
        isl[io + ACCEPTED] += count;
        isl[io + TRIED] += m;
        if (update == 1) {
            double rate = count / (double) m;
            isl[io + STEP_SIZE] = isl[io + STEP_SIZE] * Math.exp(2.0 * (rate - TARGET_ACCEPTANCE));
        }
    }

    /**
     * Moves the particle from node i to node i + 1 with the affine step on its guided score and the noise of
     * (seed, particle, i + 1); under the exact rule the step's log L(y | y') − log K(y' | y) waits in the track for
     * the next node.
     */
    public static void advance(int[] program, double[] tables, int i, long seed, long particle, int rule,
                               double[] rec, int r, double[] scratch, int s, long[] words, int wo, int stride) {
        int d = program[PathProgram.DIMENSION];
        int before = s + before(d) * stride;
        for (int j = 0; j < d; j++) {
            scratch[before + j * stride] = rec[r + j * stride];
        }
        AffineStep.advance(program, tables, i, seed, particle, rec, r, rec, r + drift(d) * stride,
                r + noise(d) * stride, words, wo, stride);
        if (rule == EXACT) {
            rec[r + (track(d) + 4) * stride] = TiltedWeights.logBackwardOverForward(program, tables, i, scratch,
                    before, rec, r, rec, r + noise(d) * stride, d, stride);
        }
    }

    /**
     * The particle's end: the data-law factor Q₀/Q_δ joins its weight, log Q₀ goes to logData[lo], and its
     * {@link PathKernel} observables to obs[o + e·stride]. The pass at the last node was taken by {@link #weigh}.
     */
    public static void finish(int[] program, double[] tables, double[] params, int[] meta, double a, double b,
                              double logPrior, double[] rec, int r, double[] obs, int o, double[] logData, int lo,
                              double[] work, int w, int stride) {
        int n = program[PathProgram.STEPS];
        int d = program[PathProgram.DIMENSION];
        int t = r + track(d) * stride;
        GuidedDrift.scores(program, tables, params, meta, n + 1, rec, r, work, w, stride);
        double logTarget = TiltedWeights.logTarget(work, w, d, a, b, logPrior, stride);
        logData[lo] = logTarget;
        rec[r + logWeight(d) * stride] += logTarget - rec[t + 3 * stride];
        obs[o + PathKernel.OBS_DATA_LOGIT * stride] = ScorePass.classLogit(work, w, d, stride);
        obs[o + PathKernel.OBS_START_LOGIT * stride] = rec[t];
        obs[o + PathKernel.OBS_END_LOGIT * stride] = rec[t + stride];
        obs[o + PathKernel.OBS_MONOTONE * stride] = rec[t + 2 * stride];
    }

    /**
     * The island's end: its weights normalised to mean 1 into weights[wo + k] (0 when every weight vanished), their
     * log-mean joined to log Ẑ, and the final ESS (which also bounds the least).
     */
    public static void close(int m, int d, double[] rec, int first, int recStep, int stride, double[] weights, int wo,
                             double[] isl, int io) {
        int lw = first + logWeight(d) * stride;
        double logMean = Resampling.logMean(rec, lw, recStep, m);
        double finalEss = Resampling.effectiveSize(rec, lw, recStep, m);
        for (int k = 0; k < m; k++) {
            if (logMean < -Double.MAX_VALUE) {
                weights[wo + k] = 0.0;
            } else {
                weights[wo + k] = Math.exp(rec[lw + k * recStep] - logMean);
            }
        }
        isl[io + LOG_Z] = isl[io + LOG_Z] + logMean;
        isl[io + MIN_ESS] = Math.min(isl[io + MIN_ESS], finalEss);
        isl[io + FINAL_ESS] = finalEss;
    }
}
