package org.gdmc.kernel;

import org.gdmc.sampler.AffineStep;
import org.gdmc.sampler.HeunStep;
import org.gdmc.sampler.MultistepStep;
import org.gdmc.sampler.PredictorCorrectorStep;

/**
 * One particle's whole guided reverse path, all steps fused (kernel subset): the driver that runs a
 * {@link PathProgram}. This is the per-particle maths every backend runs; the CPU backend calls it directly, the
 * device kernels inline it, and its float32 copies are generated from it.
 *
 * <p>The path starts at y₀ ~ N(0, I), or the exact noised class law ({@link StartLaw}; noise step 0), at t₀ = T
 * and ends at t_n = δ. At each node i the guided score
 * ({@link GuidedDrift}) is formed and the program's integrator moves the particle to node i + 1. Along the path the
 * class logit ℓ_i = logit p_{t_i}(c | y_i) of the exact score pass is read at every node; the outputs are the final
 * state and the observables (see the {@code OBS_*} offsets): the data-law logit ℓ_data = logit p₀(c | y_n), the first
 * and last node logits, and whether ℓ never decreased along the path (ℓ_{i+1} ≥ ℓ_i for every i, i.e.
 * p_t(c | Y_t) is non-decreasing). The drift uses the scores after the modelled score error; the logits are always
 * exact.
 */
@KernelCode
public final class PathKernel {
    /** logit p₀(c | y_n) under the data law. */
    public static final int OBS_DATA_LOGIT = 0;
    /** logit p_T(c | y₀). */
    public static final int OBS_START_LOGIT = 1;
    /** logit p_δ(c | y_n). */
    public static final int OBS_END_LOGIT = 2;
    /** 1 if the node logits never decreased, else 0. */
    public static final int OBS_MONOTONE = 3;
    /** Observables per particle. */
    public static final int OBS_LENGTH = 4;

    private PathKernel() {
    }

    /**
     * Doubles of work space per particle in dimension d: two score passes (the exact one and the score error's second
     * one), the guided score, the noise (or Heun's y*), Heun's first slope (or DPM-Solver++'s previous denoiser), the
     * weak model's conditional score (autoguidance) and the momentum of adaptive projected guidance
     * ({@link GuidedDrift#weakSlot}).
     */
    public static int workLength(int d) {
        return 2 * ScorePass.length(d) + 5 * d;
    }

    /** Whether the kernel runs the integrator with this code (a program with any other is refused on the host). */
    public static boolean dispatches(int integrator) {
        return integrator == AffineStep.CODE || integrator == HeunStep.CODE || integrator == MultistepStep.CODE
                || integrator == PredictorCorrectorStep.CODE;
    }

    /** Longs of work space needed by the noise generator. */
    public static int wordsLength() {
        return 4;
    }

    /**
     * Simulates particle {@code particle} under guidance g of the program and writes its final state to
     * state[stateOff .. +d) and its observables to obs[obsOff .. +OBS_LENGTH).
     *
     * @param program the {@link PathProgram}'s codes. Not modified.
     * @param tables  its tables. Not modified.
     * @param params  the score model's parameters. Not modified.
     * @param meta    the score model's metadata. Not modified.
     * @param work    at least {@link #workLength} doubles from workOff. Modified.
     * @param words   at least 4 longs from wordsOff. Modified.
     */
    public static void simulate(int[] program, double[] tables, double[] params, int[] meta, int g,
                                long seed, long particle, double[] state, int stateOff, double[] obs, int obsOff,
                                double[] work, int workOff, long[] words, int wordsOff) {
        simulate(program, tables, params, meta, g, seed, particle, state, stateOff, obs, obsOff, work, workOff,
                words, wordsOff, 1);
    }

    /**
     * As {@link #simulate(int[], double[], double[], int[], int, long, long, double[], int, double[], int, double[],
     * int, long[], int)}, with element k of the particle's state, observables, work space and noise words at
     * off + k·stride: 1 for the CPU's contiguous slices, the batch's capacity for the device's layout by particle
     * (structure of arrays: neighbouring work items read and write neighbouring addresses).
     */
    public static void simulate(int[] program, double[] tables, double[] params, int[] meta, int g,
                                long seed, long particle, double[] state, int stateOff, double[] obs, int obsOff,
                                double[] work, int workOff, long[] words, int wordsOff, int stride) {
        run(program, tables, params, meta, g, seed, particle, state, stateOff, obs, obsOff, work, workOff, words,
                wordsOff, stride, obs, -1);
    }

    /** Doubles of one particle's trace ({@link #trace}) in dimension d over n steps: (n + 1)(d + 1). */
    public static int traceLength(int d, int n) {
        return (n + 1) * (d + 1);
    }

    /**
     * As {@link #simulate(int[], double[], double[], int[], int, long, long, double[], int, double[], int, double[],
     * int, long[], int)} (contiguous slices), also recording the path: at every node i = 0 … n, the state y_i and the
     * exact class logit ℓ_i = logit p_{t_i}(c | y_i) to trace[traceOff + i(d + 1) ..], the state first; y_n is the
     * final state and ℓ_n the logit at δ. The same code runs with and without the record, so the recorded path is the
     * one {@code simulate} draws, bit for bit.
     *
     * @param trace at least {@link #traceLength} doubles from traceOff. Modified.
     */
    public static void trace(int[] program, double[] tables, double[] params, int[] meta, int g,
                             long seed, long particle, double[] state, int stateOff, double[] obs, int obsOff,
                             double[] work, int workOff, long[] words, int wordsOff, double[] trace, int traceOff) {
        run(program, tables, params, meta, g, seed, particle, state, stateOff, obs, obsOff, work, workOff, words,
                wordsOff, 1, trace, traceOff);
    }

    /** The path of {@link #simulate}, recorded to trace from traceOff when traceOff ≥ 0 ({@link #trace}). */
    private static void run(int[] program, double[] tables, double[] params, int[] meta, int g,
                            long seed, long particle, double[] state, int stateOff, double[] obs, int obsOff,
                            double[] work, int workOff, long[] words, int wordsOff, int stride, double[] trace,
                            int traceOff) {
        int d = program[PathProgram.DIMENSION];
        int n = program[PathProgram.STEPS];
        int integrator = program[PathProgram.INTEGRATOR];
        int st = stride;
        int pass = workOff;
        int pass2 = workOff + ScorePass.length(d) * st;
        int drift = workOff + 2 * ScorePass.length(d) * st;
        int aux = drift + d * st;
        int slope = aux + d * st;

        StartLaw.draw(program, tables, seed, particle, state, stateOff, work, pass, words, wordsOff, st);
        int momentum = pass + (GuidedDrift.weakSlot(d) + d) * st;
        for (int k = 0; k < d; k++) {
            work[momentum + k * st] = 0.0;
        }
        double startLogit = 0.0;
        double prevLogit = 0.0;
        boolean monotone = true;
        for (int i = 0; i < n; i++) {
            GuidedDrift.evaluate(program, tables, params, meta, g, i, state, stateOff, work, pass, pass2, work, drift,
                    st);
            double logit = ScorePass.classLogit(work, pass, d, st);
            if (i == 0) {
                startLogit = logit;
            } else if (!(logit >= prevLogit)) {
                monotone = false;
            }
            prevLogit = logit;
            if (traceOff >= 0) {
                record(state, stateOff, st, logit, d, trace, traceOff + i * (d + 1));
            }
            if (integrator == AffineStep.CODE) {
                AffineStep.advance(program, tables, i, seed, particle, state, stateOff, work, drift, aux, words,
                        wordsOff, st);
            } else if (integrator == HeunStep.CODE) {
                HeunStep.advance(program, tables, params, meta, g, i, state, stateOff, work, pass, pass2, drift, aux,
                        slope, st);
            } else if (integrator == MultistepStep.CODE) {
                MultistepStep.advance(program, tables, i, state, stateOff, work, drift, slope, st);
            } else if (integrator == PredictorCorrectorStep.CODE) {
                PredictorCorrectorStep.advance(program, tables, params, meta, g, i, seed, particle, state, stateOff,
                        work, pass, pass2, drift, aux, words, wordsOff, st);
            }
        }
        GuidedDrift.scores(program, tables, params, meta, n, state, stateOff, work, pass, st);
        double endLogit = ScorePass.classLogit(work, pass, d, st);
        if (n == 0) {
            startLogit = endLogit;
        } else if (!(endLogit >= prevLogit)) {
            monotone = false;
        }
        if (traceOff >= 0) {
            record(state, stateOff, st, endLogit, d, trace, traceOff + n * (d + 1));
        }
        GuidedDrift.scores(program, tables, params, meta, n + 1, state, stateOff, work, pass, st);
        obs[obsOff + OBS_DATA_LOGIT * st] = ScorePass.classLogit(work, pass, d, st);
        obs[obsOff + OBS_START_LOGIT * st] = startLogit;
        obs[obsOff + OBS_END_LOGIT * st] = endLogit;
        obs[obsOff + OBS_MONOTONE * st] = monotone ? 1.0 : 0.0;
    }

    /** Writes a node's state and logit to trace[at ..]. */
    private static void record(double[] state, int stateOff, int st, double logit, int d, double[] trace, int at) {
        for (int k = 0; k < d; k++) {
            trace[at + k] = state[stateOff + k * st];
        }
        trace[at + d] = logit;
    }
}
