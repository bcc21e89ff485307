package org.gdmc.sampler;

import org.gdmc.kernel.KernelCode;
import org.gdmc.kernel.PathProgram;
import org.gdmc.rng.NormalVariates;

/**
 * The step of every stochastic affine sampler (kernel subset): y' = A_i y + B_i s + C_i z, with s the guided score
 * at (y, t_i), z the normals of noise step i + 1, and (A_i, B_i, C_i) the integrator's columns 0, 1, 2 at step i. The
 * samplers differ only in that table ({@link AffineSampler}).
 */
@KernelCode
public final class AffineStep {
    /** The integrator's code in a {@link PathProgram}. */
    public static final int CODE = 0;

    private AffineStep() {
    }

    /**
     * Moves y from node i to node i + 1.
     *
     * @param work   holds the guided score s at {@code drift}; the noise is drawn into {@code noise}. Modified.
     * @param words  4 longs from wOff. Modified.
     * @param stride element k of y, of each slot of work and of words lies at off + k·stride
     */
    public static void advance(int[] program, double[] tables, int i, long seed, long particle,
                               double[] y, int yOff, double[] work, int drift, int noise, long[] words, int wOff,
                               int stride) {
        int n = program[PathProgram.STEPS];
        int d = program[PathProgram.DIMENSION];
        int coef = program[PathProgram.COEFFICIENTS];
        NormalVariates.fill(seed, particle, i + 1, work, noise, d, words, wOff, stride);
        double a = tables[coef + i];
        double b = tables[coef + n + i];
        double c = tables[coef + 2 * n + i];
        for (int j = 0; j < d; j++) {
            int k = j * stride;
            y[yOff + k] = a * y[yOff + k] + b * work[drift + k] + c * work[noise + k];
        }
    }
}
