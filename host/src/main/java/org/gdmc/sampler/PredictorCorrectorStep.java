package org.gdmc.sampler;

import org.gdmc.kernel.GuidedDrift;
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
     * Moves y from node i to node i + 1 under guidance g.
     *
     * @param work   holds the score pass at (y, t_i) at {@code pass} (the score error applied); the corrector's
     *               passes are written at {@code pass} and {@code pass2}, its guided scores at {@code drift} and its
     *               noise at {@code noise}. Modified.
     * @param words  4 longs from wOff. Modified.
     * @param stride element k of y, of each slot of work and of words lies at off + k·stride
     */
    public static void advance(int[] program, double[] tables, double[] params, int[] meta, int g, int i, long seed,
                               long particle, double[] y, int yOff, double[] work, int pass, int pass2, int drift,
                               int noise, long[] words, int wOff, int stride) {
        int n = program[PathProgram.STEPS];
        int d = program[PathProgram.DIMENSION];
        int m = program[PathProgram.CORRECTOR_STEPS];
        int coef = program[PathProgram.COEFFICIENTS];
        double a = tables[coef + i];
        double b = tables[coef + n + i];
        double eps = tables[coef + 2 * n + i];
        int conditional = pass + ScorePass.conditional(d) * stride;
        for (int j = 0; j < d; j++) {
            int k = j * stride;
            y[yOff + k] = a * y[yOff + k] + b * work[conditional + k];
        }
        double root = Math.sqrt(2.0 * eps);
        for (int c = 0; c < m; c++) {
            GuidedDrift.evaluate(program, tables, params, meta, g, i + 1, y, yOff, work, pass, pass2, work, drift,
                    stride);
            NormalVariates.fill(seed, particle, 1L + (long) i * m + c, work, noise, d, words, wOff, stride);
            for (int j = 0; j < d; j++) {
                int k = j * stride;
                y[yOff + k] = y[yOff + k] + eps * work[drift + k] + root * work[noise + k];
            }
        }
    }
}
