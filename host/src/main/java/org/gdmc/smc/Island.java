package org.gdmc.smc;

import org.gdmc.kernel.PathKernel;
import org.gdmc.kernel.PathProgram;
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
 *
 * <p>Every phase is a method of {@link IslandKernel}, which the device runs too; this class runs them in order on
 * one island, its particles' records row by row and one scratch shared by them all.
 */
public final class Island {
    private final int[] program;
    private final double[] tables;
    private final double[] params;
    private final int[] meta;
    private final int d;
    private final int size;
    private final int rule;
    /** Its size, threshold, weight rule, moves and their ladder of step scales. */
    private final SmcOptions options;
    private final int length;
    /** The particles' records, particle k at k·{@link IslandKernel#record}, and their copies while resampling. */
    private final double[] records;
    private final double[] spare;
    private final int[] ancestor;
    private final double[] figures = new double[IslandKernel.ISLAND];
    private final double[] work;
    private final double[] scratch;
    private final long[] words;
    private final double[] logData;

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
        this(program, tables, params, meta, new SmcOptions(size, threshold, rule, false, moves));
    }

    /**
     * An island of {@code options}: its size, threshold, weight rule, and its moves with their ladder of step scales
     * (the proposal and the target are the run's).
     */
    public Island(int[] program, double[] tables, double[] params, int[] meta, SmcOptions options) {
        requireNoisyAffine(program, tables);
        int size = options.island();
        this.program = program;
        this.tables = tables;
        this.params = params;
        this.meta = meta;
        this.d = program[PathProgram.DIMENSION];
        this.size = size;
        this.rule = options.weights().code();
        this.options = options;
        this.length = IslandKernel.record(d);
        this.records = new double[size * length];
        this.spare = new double[size * length];
        this.ancestor = new int[size];
        this.work = new double[PathKernel.workLength(d)];
        this.scratch = new double[IslandKernel.scratch(d)];
        this.words = new long[PathKernel.wordsLength()];
        this.logData = new double[size];
    }

    /** Refuses a program whose integrator is not {@link AffineStep} with noise at every step. */
    public static void requireNoisyAffine(int[] program, double[] tables) {
        if (program[PathProgram.INTEGRATOR] != AffineStep.CODE) {
            throw new IllegalArgumentException("SMC needs a stochastic affine sampler (Euler–Maruyama or DDPM)");
        }
        int n = program[PathProgram.STEPS];
        for (int i = 0; i < n; i++) {
            if (!(tables[program[PathProgram.COEFFICIENTS] + 2 * n + i] > 0)) {
                throw new IllegalArgumentException("SMC needs noise at every step; step " + i + " has none");
            }
        }
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
        int moves = options.moves();
        long first = island * size;
        IslandKernel.open(program, tables, size, figures, 0);
        for (int k = 0; k < size; k++) {
            IslandKernel.start(program, tables, seed, first + k, records, k * length, work, 0, words, 0, 1);
        }
        for (int i = 0; i <= n; i++) {
            for (int k = 0; k < size; k++) {
                IslandKernel.weigh(program, tables, params, meta, g, i, a, b, logPrior, rule, moves, records,
                        k * length, work, 0, 1);
            }
            if (i == n) {
                break;
            }
            IslandKernel.select(seed, island, i, options.ess(), size, d, records, 0, length, 1, ancestor, 0, figures, 0,
                    words, 0, 1);
            if (figures[IslandKernel.RESAMPLED] > 0.5) {
                for (int k = 0; k < size; k++) {
                    IslandKernel.keep(d, records, spare, k * length, 1);
                }
                for (int k = 0; k < size; k++) {
                    IslandKernel.inherit(d, spare, ancestor[k] * length, records, k * length, 1);
                }
            }
            for (int r = 0; r < moves; r++) {
                long noiseStep = n + 1L + (long) i * moves + r;
                double step = figures[IslandKernel.STEP_SIZE] * options.scale(i, r);
                for (int k = 0; k < size; k++) {
                    IslandKernel.move(program, tables, params, meta, g, i, a, b, logPrior, seed, first + k,
                            noiseStep, step, records, k * length, work, 0, scratch, 0, words, 0, 1);
                }
                IslandKernel.adapt(size, d, records, 0, length, 1, figures, 0, options.adapts(i, r) ? 1 : 0);
            }
            for (int k = 0; k < size; k++) {
                IslandKernel.advance(program, tables, i, seed, first + k, rule, records, k * length, scratch, 0,
                        words, 0, 1);
            }
        }
        for (int k = 0; k < size; k++) {
            IslandKernel.finish(program, tables, params, meta, a, b, logPrior, records, k * length, obs,
                    k * PathKernel.OBS_LENGTH, logData, k, work, 0, 1);
            System.arraycopy(records, k * length, states, k * d, d);
        }
        IslandKernel.close(size, d, records, 0, length, 1, weights, 0, figures, 0);
        return new Summary(figures[IslandKernel.LOG_Z], figures[IslandKernel.MIN_ESS],
                figures[IslandKernel.FINAL_ESS], (int) figures[IslandKernel.RESAMPLINGS]);
    }

    /** The fraction of Langevin moves accepted in the last run (NaN when it made none). */
    public double acceptance() {
        double tried = figures[IslandKernel.TRIED];
        return tried == 0 ? Double.NaN : figures[IslandKernel.ACCEPTED] / tried;
    }
}
