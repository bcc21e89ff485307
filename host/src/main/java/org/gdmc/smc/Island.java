package org.gdmc.smc;

import org.gdmc.kernel.GuidedDrift;
import org.gdmc.kernel.PathKernel;
import org.gdmc.kernel.PathProgram;
import org.gdmc.kernel.ScorePass;
import org.gdmc.kernel.StartLaw;
import org.gdmc.rng.NormalVariates;
import org.gdmc.sampler.AffineStep;

/**
 * One island of sequential Monte Carlo: M particles that move together under a stochastic affine sampler
 * ({@link AffineStep}: Euler–Maruyama or DDPM) with the guided score, carry {@link TiltedWeights} by a
 * {@link WeightRule}, and are resampled systematically among themselves whenever their effective sample size falls
 * below θM.
 *
 * <p>Particle k of island j is particle jM + k of the study and draws that particle's noise, (seed, jM + k, step),
 * whatever its ancestry: so an island that never resamples moves its particles exactly as the plain sampler does, and
 * every island's outcome depends on (seed, j) alone, never on threads, batches or shards. At each node i the island
 * (1) evaluates every particle's guided score with the pieces of {@link PathKernel} and completes its weight up to
 * node i, (2) resamples if the effective sample size is below θM (copying the ancestors' states, scores and path
 * records, and adding the weights' log-mean to the island's log-normaliser), (3) moves every particle to node i + 1.
 * At the end the data-law factor Q₀/Q_δ is added and the weights are normalised to mean 1.
 *
 * <p>The outputs per particle are those of {@link PathKernel} (final state and observables) and its normalised
 * weight; per island, the log of its normaliser estimate Ẑ_j = Π (mean weight at each resampling) · (final mean
 * weight), an unbiased estimate of Z_w = ∫ p₀(x | c)^{1+w} p₀(x)^{−w} dx under {@link WeightRule#EXACT}, and its
 * ESS record.
 */
public final class Island {
    private final int[] program;
    private final double[] tables;
    private final double[] params;
    private final int[] meta;
    private final int d;
    private final int size;
    private final double threshold;
    private final WeightRule rule;
    private final double[] work;
    private final long[] words;
    private final double[] logW;
    /** Per particle: start logit, last logit, monotone flag, log γ_i, pending part of the step's exact weight. */
    private final double[] track;
    /** Per particle the guided score at its node (d each), then d slots of noise. */
    private final double[] drifts;
    private final double[] before;
    private final double[] spare;
    private final double[] spareTrack;
    private final double[] spareDrifts;
    private final int[] ancestor;
    private final double[] logData;
    private final int moves;
    /** Per particle ∇log Q_{t_i} at its point (d each), for the Langevin moves. */
    private final double[] grads;
    /** A move's normals (d + 2: the step and a uniform) then its proposed point (d). */
    private final double[] proposal;
    private final double[] trialDrift;
    private final double[] spareGrads;
    private int accepted;
    private int tried;
    private static final int TRACK = 5;

    /** What an island reports besides its particles. */
    public record Summary(double logNormaliser, double minEss, double finalEss, int resamplings) {
    }

    /**
     * @param program   a program whose integrator is {@link AffineStep} with noise at every step
     * @param size      particles per island, M
     * @param threshold θ in (0, 1]: resample when the effective sample size falls below θM
     */
    public Island(int[] program, double[] tables, double[] params, int[] meta, int size, double threshold,
                  WeightRule rule) {
        this(program, tables, params, meta, size, threshold, rule, 0);
    }

    /**
     * As {@link #Island(int[], double[], double[], int[], int, double, WeightRule)}, with {@code moves}
     * Metropolis-adjusted Langevin steps per particle at every node, each leaving Q_{t_i} invariant (so the weights do
     * not change): the resample-move scheme, which keeps the particles spread over the current target when the
     * proposal alone would not.
     */
    public Island(int[] program, double[] tables, double[] params, int[] meta, int size, double threshold,
                  WeightRule rule, int moves) {
        if (program[PathProgram.INTEGRATOR] != AffineStep.CODE) {
            throw new IllegalArgumentException("SMC needs a stochastic affine sampler (Euler–Maruyama or DDPM)");
        }
        int n = program[PathProgram.STEPS];
        for (int i = 0; i < n; i++) {
            if (!(tables[program[PathProgram.COEFFICIENTS] + 2 * n + i] > 0)) {
                throw new IllegalArgumentException("SMC needs noise at every step; step " + i + " has none");
            }
        }
        this.program = program;
        this.tables = tables;
        this.params = params;
        this.meta = meta;
        this.d = program[PathProgram.DIMENSION];
        this.size = size;
        this.threshold = threshold;
        this.rule = rule;
        this.work = new double[PathKernel.workLength(d)];
        this.words = new long[PathKernel.wordsLength()];
        this.logW = new double[size];
        this.track = new double[TRACK * size];
        this.drifts = new double[size * d + d];
        this.before = new double[d];
        this.spare = new double[size * d];
        this.spareTrack = new double[TRACK * size];
        this.spareDrifts = new double[size * d];
        this.ancestor = new int[size];
        this.logData = new double[size];
        this.moves = moves;
        this.grads = new double[size * d];
        this.proposal = new double[2 * d + 2];
        this.trialDrift = new double[d];
        this.spareGrads = new double[moves > 0 ? size * d : 0];
    }

    /** log Q₀(x_k) of each final particle of the last run (the unnormalised log-density of q_w). Not a copy. */
    public double[] logTarget() {
        return logData;
    }

    /**
     * Runs island {@code island} under guidance g, whose tilted weight is w (its {@code equivalentWeight}).
     *
     * @param logPrior log π_c, the class's prior mass
     * @param states   receives the final states, particle k at [k·d, +d). Modified.
     * @param obs      receives the {@link PathKernel} observables, particle k at [k·OBS_LENGTH, +OBS_LENGTH). Modified.
     * @param weights  receives the final weights normalised to mean 1. Modified.
     */
    public Summary run(int g, double w, double logPrior, long seed, long island, double[] states, double[] obs,
                       double[] weights) {
        return run(g, 1.0 + w, -w, logPrior, seed, island, states, obs, weights);
    }

    /**
     * As {@link #run(int, double, double, long, long, double[], double[], double[])}, targeting the geometric law
     * Q_t = p_t(x | c)^a p_t(x)^b ({@link SmcTarget}) while moving under guidance g: the weights then estimate
     * Z = ∫ p₀(x | c)^a p₀(x)^b dx.
     */
    public Summary run(int g, double a, double b, double logPrior, long seed, long island, double[] states,
                       double[] obs, double[] weights) {
        int n = program[PathProgram.STEPS];
        int pass = 0;
        int pass2 = ScorePass.length(d);
        long first = island * size;
        for (int k = 0; k < size; k++) {
            StartLaw.draw(program, tables, seed, first + k, states, k * d, work, pass, words, 0, 1);
        }
        double logZ = 0.0;
        double minEss = size;
        int resamplings = 0;
        double step = 0.5 * tables[program[PathProgram.SIGMA2]];
        accepted = 0;
        tried = 0;
        for (int i = 0; i <= n; i++) {
            for (int k = 0; k < size; k++) {
                int t = TRACK * k;
                if (i < n) {
                    GuidedDrift.evaluate(program, tables, params, meta, g, i, states, k * d, work, pass, pass2,
                            drifts, k * d, 1);
                } else {
                    GuidedDrift.scores(program, tables, params, meta, n, states, k * d, work, pass, 1);
                }
                double logit = ScorePass.classLogit(work, pass, d);
                double logTilted = TiltedWeights.logTarget(work, pass, d, a, b, logPrior);
                if (i == 0) {
                    logW[k] = program[PathProgram.START] == StartLaw.EXACT
                            ? TiltedWeights.logOverClass(work, pass, d, a, b, logPrior)
                            : logTilted - TiltedWeights.logStandardNormal(states, k * d, d);
                    track[t] = logit;
                    track[t + 2] = 1.0;
                } else {
                    if (!(logit >= track[t + 1])) {
                        track[t + 2] = 0.0;
                    }
                    if (rule == WeightRule.EXACT) {
                        logW[k] += logTilted - track[t + 3] + track[t + 4];
                    }
                }
                track[t + 1] = logit;
                track[t + 3] = logTilted;
                if (moves > 0 && i < n) {
                    TiltedWeights.gradient(work, pass, d, a, b, grads, k * d);
                }
                if (rule == WeightRule.FEYNMAN_KAC && i < n) {
                    // the rule holds for a + b = 1 under the guided proposal only (SmcSection refuses the rest)
                    logW[k] += TiltedWeights.diffusionFactor(program, tables, i)
                            * TiltedWeights.potential(work, pass, d, -b);
                }
            }
            if (i == n) {
                break;
            }
            double ess = Resampling.effectiveSize(logW, size);
            minEss = Math.min(minEss, ess);
            if (ess < threshold * size) {
                logZ += Resampling.logMean(logW, size);
                resample(Resampling.uniform(seed, island, i), states);
                resamplings++;
            }
            for (int r = 0; r < moves; r++) {
                step = move(g, a, b, logPrior, seed, first, i, n + 1L + (long) i * moves + r, states, step);
            }
            int noise = size * d;
            for (int k = 0; k < size; k++) {
                System.arraycopy(states, k * d, before, 0, d);
                AffineStep.advance(program, tables, i, seed, first + k, states, k * d, drifts, k * d, noise, words,
                        0, 1);
                if (rule == WeightRule.EXACT) {
                    track[TRACK * k + 4] = TiltedWeights.logBackwardOverForward(program, tables, i, before, 0, states,
                            k * d, drifts, noise, d);
                }
            }
        }
        for (int k = 0; k < size; k++) {
            // the pass at node n (t = δ) was taken in the loop's last round: its logit and log Q_δ are in track
            GuidedDrift.scores(program, tables, params, meta, n + 1, states, k * d, work, pass, 1);
            logData[k] = TiltedWeights.logTarget(work, pass, d, a, b, logPrior);
            logW[k] += logData[k] - track[TRACK * k + 3];
            int o = k * PathKernel.OBS_LENGTH;
            obs[o + PathKernel.OBS_DATA_LOGIT] = ScorePass.classLogit(work, pass, d);
            obs[o + PathKernel.OBS_START_LOGIT] = track[TRACK * k];
            obs[o + PathKernel.OBS_END_LOGIT] = track[TRACK * k + 1];
            obs[o + PathKernel.OBS_MONOTONE] = track[TRACK * k + 2];
        }
        double logMean = Resampling.logMean(logW, size);
        double finalEss = Resampling.effectiveSize(logW, size);
        for (int k = 0; k < size; k++) {
            weights[k] = logMean == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(logW[k] - logMean);
        }
        return new Summary(logZ + logMean, Math.min(minEss, finalEss), finalEss, resamplings);
    }

    /**
     * One Metropolis-adjusted Langevin step for every particle at node i, targeting Q_{t_i}: y' = y + ε ∇log Q(y)
     * + √(2ε) z, accepted with probability min(1, Q(y') q(y | y') / (Q(y) q(y' | y))), the normals z and the uniform
     * u = exp(−(z_{d}² + z_{d+1}²)/2) those of (seed, particle, {@code noiseStep}). An accepted particle takes the
     * new point's log Q, gradient, logit and guided score. ε adapts per island towards an acceptance of 0.574 (the
     * optimum for Langevin proposals), from the island's own history only. Returns the next ε.
     */
    private double move(int g, double a, double b, double logPrior, long seed, long first, int i, long noiseStep,
                        double[] states, double step) {
        int pass = 0;
        int pass2 = ScorePass.length(d);
        double root = Math.sqrt(2.0 * step);
        int moved = 0;
        for (int k = 0; k < size; k++) {
            int t = TRACK * k;
            NormalVariates.fill(seed, first + k, noiseStep, proposal, 0, d + 2, words, 0);
            double logU = -0.5 * (proposal[d] * proposal[d] + proposal[d + 1] * proposal[d + 1]);
            int y = d + 2;
            double forward = 0.0;
            for (int j = 0; j < d; j++) {
                proposal[y + j] = states[k * d + j] + step * grads[k * d + j] + root * proposal[j];
                forward += proposal[j] * proposal[j];
            }
            GuidedDrift.evaluate(program, tables, params, meta, g, i, proposal, y, work, pass, pass2, trialDrift, 0,
                    1);
            double logTarget = TiltedWeights.logTarget(work, pass, d, a, b, logPrior);
            TiltedWeights.gradient(work, pass, d, a, b, work, pass2);
            double backward = 0.0;
            for (int j = 0; j < d; j++) {
                double r = states[k * d + j] - proposal[y + j] - step * work[pass2 + j];
                backward += r * r;
            }
            // log q(y | y') − log q(y' | y) = −(|y − y' − ε g'|² − 2ε |z|²)/(4ε)
            double logAlpha = logTarget - track[t + 3] - (backward - 2.0 * step * forward) / (4.0 * step);
            if (logU < logAlpha) {
                System.arraycopy(proposal, y, states, k * d, d);
                System.arraycopy(work, pass2, grads, k * d, d);
                System.arraycopy(trialDrift, 0, drifts, k * d, d);
                track[t + 3] = logTarget;
                track[t + 1] = ScorePass.classLogit(work, pass, d);
                moved++;
            }
        }
        accepted += moved;
        tried += size;
        double rate = moved / (double) size;
        return step * Math.exp(2.0 * (rate - 0.574));
    }

    /** The fraction of Langevin moves accepted in the last run (NaN when it made none). */
    public double acceptance() {
        return tried == 0 ? Double.NaN : accepted / (double) tried;
    }

    /** Replaces the particles by the systematic draw's ancestors and sets every log-weight to 0. */
    private void resample(double u, double[] states) {
        Resampling.systematic(logW, size, u, ancestor);
        System.arraycopy(states, 0, spare, 0, size * d);
        System.arraycopy(track, 0, spareTrack, 0, TRACK * size);
        System.arraycopy(drifts, 0, spareDrifts, 0, size * d);
        if (moves > 0) {
            System.arraycopy(grads, 0, spareGrads, 0, size * d);
        }
        for (int k = 0; k < size; k++) {
            int a = ancestor[k];
            System.arraycopy(spare, a * d, states, k * d, d);
            System.arraycopy(spareDrifts, a * d, drifts, k * d, d);
            if (moves > 0) {
                System.arraycopy(spareGrads, a * d, grads, k * d, d);
            }
            System.arraycopy(spareTrack, TRACK * a, track, TRACK * k, TRACK);
            logW[k] = 0.0;
        }
    }
}
