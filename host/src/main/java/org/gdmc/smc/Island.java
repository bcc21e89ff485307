package org.gdmc.smc;

import org.gdmc.kernel.GuidedDrift;
import org.gdmc.kernel.PathKernel;
import org.gdmc.kernel.PathProgram;
import org.gdmc.kernel.ScorePass;
import org.gdmc.kernel.StartLaw;
import org.gdmc.sampler.AffineStep;

/**
 * One island of sequential Monte Carlo: M particles that move together under a stochastic affine sampler
 * ({@link AffineStep}: Euler–Maruyama or DDPM) with the guided score, gather the {@link TiltedWeights}, and are
 * resampled systematically among themselves whenever their effective sample size falls below θM.
 *
 * <p>Particle k of island j is particle jM + k of the study and draws that particle's noise, (seed, jM + k, step),
 * whatever its ancestry: so an island whose weights never trigger a resampling moves its particles exactly as the
 * plain sampler does, and every island's outcome depends on (seed, j) alone, never on threads, batches or shards.
 * Each step moves every particle from node i to i + 1 with the same pieces as {@link PathKernel} (the guided score at
 * node i, then the integrator), adds the potential, then checks the effective sample size; a resampling copies the
 * ancestors' states and path records and adds the weights' log-mean to the island's log-normaliser. At the end the
 * data-law factor is added and the particles keep their final log-weights, normalised to mean 1.
 *
 * <p>The outputs per particle are those of {@link PathKernel} (final state and observables) and its normalised
 * weight; per island, the log of its normaliser estimate Ẑ_j = Π (mean weight at each resampling) · (final mean
 * weight), an unbiased estimate of Z_w = ∫ p₀(x | c)^{1+w} p₀(x)^{−w} dx, and its ESS record.
 */
public final class Island {
    private final int[] program;
    private final double[] tables;
    private final double[] params;
    private final int[] meta;
    private final int d;
    private final int size;
    private final double threshold;
    private final double[] work;
    private final long[] words;
    private final double[] logW;
    private final double[] track;
    private final double[] spare;
    private final double[] spareTrack;
    private final int[] ancestor;

    /** What an island reports besides its particles. */
    public record Summary(double logNormaliser, double minEss, double finalEss, int resamplings) {
    }

    /**
     * @param program   a program whose integrator is {@link AffineStep}
     * @param size      particles per island, M
     * @param threshold θ in (0, 1]: resample when the effective sample size falls below θM
     */
    public Island(int[] program, double[] tables, double[] params, int[] meta, int size, double threshold) {
        if (program[PathProgram.INTEGRATOR] != AffineStep.CODE) {
            throw new IllegalArgumentException("SMC needs a stochastic affine sampler (Euler–Maruyama or DDPM)");
        }
        this.program = program;
        this.tables = tables;
        this.params = params;
        this.meta = meta;
        this.d = program[PathProgram.DIMENSION];
        this.size = size;
        this.threshold = threshold;
        this.work = new double[PathKernel.workLength(d)];
        this.words = new long[PathKernel.wordsLength()];
        this.logW = new double[size];
        this.track = new double[3 * size];
        this.spare = new double[size * d];
        this.spareTrack = new double[3 * size];
        this.ancestor = new int[size];
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
        int n = program[PathProgram.STEPS];
        int pass = 0;
        int pass2 = ScorePass.length(d);
        int drift = 2 * ScorePass.length(d);
        int aux = drift + d;
        long first = island * size;
        boolean exactStart = program[PathProgram.START] == StartLaw.EXACT;
        for (int k = 0; k < size; k++) {
            StartLaw.draw(program, tables, seed, first + k, states, k * d, work, pass, words, 0, 1);
        }
        double logZ = 0.0;
        double minEss = size;
        int resamplings = 0;
        for (int i = 0; i < n; i++) {
            double factor = TiltedWeights.diffusionFactor(program, tables, i);
            for (int k = 0; k < size; k++) {
                GuidedDrift.evaluate(program, tables, params, meta, g, i, states, k * d, work, pass, pass2, work,
                        drift, 1);
                double logit = ScorePass.classLogit(work, pass, d);
                if (i == 0) {
                    logW[k] = exactStart ? TiltedWeights.logTiltOverClass(work, pass, d, w, logPrior)
                            : TiltedWeights.logTilted(work, pass, d, w, logPrior)
                                    - TiltedWeights.logStandardNormal(states, k * d, d);
                    track[3 * k] = logit;
                    track[3 * k + 2] = 1.0;
                } else if (!(logit >= track[3 * k + 1])) {
                    track[3 * k + 2] = 0.0;
                }
                track[3 * k + 1] = logit;
                logW[k] += factor * TiltedWeights.potential(work, pass, d, w);
                AffineStep.advance(program, tables, i, seed, first + k, states, k * d, work, drift, aux, words, 0, 1);
            }
            double ess = Resampling.effectiveSize(logW, size);
            minEss = Math.min(minEss, ess);
            if (ess < threshold * size && i < n - 1) {
                logZ += Resampling.logMean(logW, size);
                resample(Resampling.uniform(seed, island, i + 1), states);
                resamplings++;
            }
        }
        for (int k = 0; k < size; k++) {
            GuidedDrift.scores(program, tables, params, meta, n, states, k * d, work, pass, 1);
            double end = ScorePass.classLogit(work, pass, d);
            double logEnd = TiltedWeights.logTilted(work, pass, d, w, logPrior);
            if (n == 0) {
                track[3 * k] = end;
                track[3 * k + 2] = 1.0;
                logW[k] = exactStart ? TiltedWeights.logTiltOverClass(work, pass, d, w, logPrior)
                        : logEnd - TiltedWeights.logStandardNormal(states, k * d, d);
            } else if (!(end >= track[3 * k + 1])) {
                track[3 * k + 2] = 0.0;
            }
            GuidedDrift.scores(program, tables, params, meta, n + 1, states, k * d, work, pass, 1);
            double logData = TiltedWeights.logTilted(work, pass, d, w, logPrior);
            // outside a compact class support Q₀ = 0 (−∞ − −∞ would be NaN only if Q_δ were 0 too, which it is not)
            logW[k] += logData - logEnd;
            int o = k * PathKernel.OBS_LENGTH;
            obs[o + PathKernel.OBS_DATA_LOGIT] = ScorePass.classLogit(work, pass, d);
            obs[o + PathKernel.OBS_START_LOGIT] = track[3 * k];
            obs[o + PathKernel.OBS_END_LOGIT] = end;
            obs[o + PathKernel.OBS_MONOTONE] = track[3 * k + 2];
        }
        double logMean = Resampling.logMean(logW, size);
        double finalEss = Resampling.effectiveSize(logW, size);
        for (int k = 0; k < size; k++) {
            weights[k] = logMean == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(logW[k] - logMean);
        }
        return new Summary(logZ + logMean, Math.min(minEss, finalEss), finalEss, resamplings);
    }

    /** Replaces the particles by the systematic draw's ancestors and sets every log-weight to 0. */
    private void resample(double u, double[] states) {
        Resampling.systematic(logW, size, u, ancestor);
        System.arraycopy(states, 0, spare, 0, size * d);
        System.arraycopy(track, 0, spareTrack, 0, 3 * size);
        for (int k = 0; k < size; k++) {
            int a = ancestor[k];
            System.arraycopy(spare, a * d, states, k * d, d);
            System.arraycopy(spareTrack, 3 * a, track, 3 * k, 3);
            logW[k] = 0.0;
        }
    }
}
