package org.gdmc.sampler;

import org.gdmc.kernel.GuidedDrift;
import org.gdmc.kernel.KernelCode;
import org.gdmc.kernel.PathProgram;

/**
 * Heun's step on the probability-flow ODE dY/dτ = f(Y, t) = β(t)(Y + s(Y, t)) (kernel subset): with the integrator's
 * columns (h_i, β(t_i), β(t_{i+1})), y* = y + h f(y, t_i) and y' = y + (h/2)(f(y, t_i) + f(y*, t_{i+1})), the second
 * slope from the guided score at node i + 1. Deterministic.
 */
@KernelCode
public final class HeunStep {
    /** The integrator's code in a {@link PathProgram}. */
    public static final int CODE = 1;

    private HeunStep() {
    }

    /**
     * Moves y from node i to node i + 1 under guidance g.
     *
     * @param work   holds the guided score at (y, t_i) at {@code drift}; the passes at node i + 1 are written at
     *               {@code pass} and {@code pass2}, y* at {@code mid} and f(y, t_i) at {@code slope}. Modified.
     * @param stride element k of y and of each slot of work lies at off + k·stride
     */
    public static void advance(int[] program, double[] tables, double[] params, int[] meta, int g, int i,
                               double[] y, int yOff, double[] work, int pass, int pass2, int drift, int mid,
                               int slope, int stride) {
        int n = program[PathProgram.STEPS];
        int d = program[PathProgram.DIMENSION];
        int coef = program[PathProgram.COEFFICIENTS];
        double h = tables[coef + i];
        double beta0 = tables[coef + n + i];
        double beta1 = tables[coef + 2 * n + i];
        for (int j = 0; j < d; j++) {
            int k = j * stride;
            double f = beta0 * (y[yOff + k] + work[drift + k]);
            work[slope + k] = f;
            work[mid + k] = y[yOff + k] + h * f;
        }
        GuidedDrift.evaluate(program, tables, params, meta, g, i + 1, work, mid, work, pass, pass2, work, drift,
                stride);
        for (int j = 0; j < d; j++) {
            int k = j * stride;
            double f1 = beta1 * (work[mid + k] + work[drift + k]);
            y[yOff + k] += 0.5 * h * (work[slope + k] + f1);
        }
    }
}
