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
     * @param work  holds the guided score s at {@code drift}; the noise is drawn into {@code noise}. Modified.
     * @param words at least 4 longs from wOff. Modified.
     */
    public static void advance(int[] program, double[] tables, int i, long seed, long particle,
                               double[] y, int yOff, double[] work, int drift, int noise, long[] words, int wOff) {
        int n = program[PathProgram.STEPS];
        int d = program[PathProgram.DIMENSION];
        int coef = program[PathProgram.COEFFICIENTS];
        NormalVariates.fill(seed, particle, i + 1, work, noise, d, words, wOff);
        double a = tables[coef + i];
        double b = tables[coef + n + i];
        double c = tables[coef + 2 * n + i];
        for (int j = 0; j < d; j++) {
            y[yOff + j] = a * y[yOff + j] + b * work[drift + j] + c * work[noise + j];
        }
    }
}
