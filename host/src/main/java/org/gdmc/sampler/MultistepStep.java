package org.gdmc.sampler;

import org.gdmc.kernel.KernelCode;
import org.gdmc.kernel.PathProgram;

/**
 * The step of DPM-Solver++(2M) ({@link DpmSolverPlusPlus}; kernel subset): with the denoiser
 * D_i = (y + σ_{t_i}² s)/α_{t_i} of the guided score s at (y, t_i) and the integrator's columns (A, B, c) at step i,
 * y' = A y + B ((1 + c) D_i − c D_{i−1}). D_{i−1} is held in the particle's work space between steps; c = 0 at the
 * first step, where it is not read.
 */
@KernelCode
public final class MultistepStep {
    /** The integrator's code in a {@link PathProgram}. */
    public static final int CODE = 2;

    private MultistepStep() {
    }

    /**
     * Moves y from node i to node i + 1.
     *
     * @param work   holds the guided score at (y, t_i) at {@code drift}; the previous step's denoiser at
     *               {@code previous} is read (i &gt; 0) and replaced by this step's. Modified.
     * @param stride element k of y and of each slot of work lies at off + k·stride
     */
    public static void advance(int[] program, double[] tables, int i, double[] y, int yOff, double[] work, int drift,
                               int previous, int stride) {
        int n = program[PathProgram.STEPS];
        int d = program[PathProgram.DIMENSION];
        int coef = program[PathProgram.COEFFICIENTS];
        double a = tables[coef + i];
        double b = tables[coef + n + i];
        double c = tables[coef + 2 * n + i];
        double sigma2 = tables[program[PathProgram.SIGMA2] + i];
        double invAlpha = 1.0 / tables[program[PathProgram.ALPHA] + i];
        for (int j = 0; j < d; j++) {
            int k = j * stride;
            double denoised = (y[yOff + k] + sigma2 * work[drift + k]) * invAlpha;
            double extrapolated = denoised;
            if (i > 0) {
                extrapolated = denoised + c * (denoised - work[previous + k]);
            }
            work[previous + k] = denoised;
            y[yOff + k] = a * y[yOff + k] + b * extrapolated;
        }
    }
}
