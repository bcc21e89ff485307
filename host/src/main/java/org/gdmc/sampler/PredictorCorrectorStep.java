package org.gdmc.sampler;

import org.gdmc.kernel.KernelCode;
import org.gdmc.kernel.PathProgram;
import org.gdmc.kernel.ScorePass;
import org.gdmc.rng.NormalVariates;

/**
 * The step of predictor–corrector guidance ({@link PredictorCorrector}; kernel subset): the DDIM predictor
 * y ← A y + B s_c(y, t_i) on the conditional score of the pass at node i, then m corrector steps at node i + 1,
 * y ← y + ε s_w(y, t_{i+1}) + √(2ε) z with z the normals of noise step 1 + i·m + j, the integrator's columns
 * (A, B, ε) at step i and m in the program's header.
 */
@KernelCode
public final class PredictorCorrectorStep {
    /** The integrator's code in a {@link PathProgram}. */
    public static final int CODE = 3;

    private PredictorCorrectorStep() {
    }

    /**
     * The predictor of step i: y ← A y + B s_c(y, t_i), the conditional score read from the pass at node i (the score
     * error applied). The kernel then runs the m corrector steps ({@link #correct}), each after its shared evaluation
     * of the guided score at (y, t_{i+1}).
     *
     * @param work   holds the score pass at (y, t_i) at {@code pass}. Not modified.
     * @param stride element k of y and of each slot of work lies at off + k·stride
     */
    public static void predict(int[] program, double[] tables, int i, double[] y, int yOff, double[] work, int pass,
                               int stride) {
        int n = program[PathProgram.STEPS];
        int d = program[PathProgram.DIMENSION];
        int coef = program[PathProgram.COEFFICIENTS];
        double a = tables[coef + i];
        double b = tables[coef + n + i];
        int conditional = pass + ScorePass.conditional(d) * stride;
        for (int j = 0; j < d; j++) {
            int k = j * stride;
            y[yOff + k] = a * y[yOff + k] + b * work[conditional + k];
        }
    }

    /**
     * Corrector step c of step i: y ← y + ε s + √(2ε) z, with s the guided score at (y, t_{i+1}) at {@code drift}
     * and z the normals of noise step 1 + i·m + c, drawn into {@code noise}.
     *
     * @param words 4 longs from wOff. Modified.
     */
    public static void correct(int[] program, double[] tables, int i, int c, long seed, long particle, double[] y,
                               int yOff, double[] work, int drift, int noise, long[] words, int wOff, int stride) {
        int n = program[PathProgram.STEPS];
        int d = program[PathProgram.DIMENSION];
        int m = program[PathProgram.CORRECTOR_STEPS];
        double eps = tables[program[PathProgram.COEFFICIENTS] + 2 * n + i];
        double root = Math.sqrt(2.0 * eps);
        NormalVariates.fill(seed, particle, 1L + (long) i * m + c, work, noise, d, words, wOff, stride);
        for (int j = 0; j < d; j++) {
            int k = j * stride;
            y[yOff + k] = y[yOff + k] + eps * work[drift + k] + root * work[noise + k];
        }
    }
}
