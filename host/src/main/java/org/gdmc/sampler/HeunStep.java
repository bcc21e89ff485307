package org.gdmc.sampler;

import org.gdmc.kernel.KernelCode;
import org.gdmc.kernel.PathProgram;

/**
 * Heun's step on the probability-flow ODE dY/dτ = f(Y, t) = β(t)(Y + s(Y, t)) (kernel subset): with the integrator's
 * columns (h_i, β(t_i), β(t_{i+1})), y* = y + h f(y, t_i) and y' = y + (h/2)(f(y, t_i) + f(y*, t_{i+1})), the second
 * slope from the guided score at node i + 1. Deterministic. The kernel runs it in two stages around its one shared
 * evaluation at node i + 1 ({@link #predict}, then {@link #correct}), so the guided score is inlined into a device
 * kernel only twice whatever the integrators.
 */
@KernelCode
public final class HeunStep {
    /** The integrator's code in a {@link PathProgram}. */
    public static final int CODE = 1;

    private HeunStep() {
    }

    /**
     * The first stage of the step from node i: with f = β(t_i)(y + s) from the guided score at {@code drift}, keeps
     * y and f in the work space and moves the state to y* = y + h f, where the kernel then evaluates the guided score
     * at node i + 1 ({@link #correct} finishes the step).
     *
     * @param work   holds the guided score at (y, t_i) at {@code drift}; y is saved at {@code saved} and f at
     *               {@code slope}. Modified.
     * @param stride element k of y and of each slot of work lies at off + k·stride
     */
    public static void predict(int[] program, double[] tables, int i, double[] y, int yOff, double[] work, int drift,
                               int saved, int slope, int stride) {
        int d = program[PathProgram.DIMENSION];
        int coef = program[PathProgram.COEFFICIENTS];
        double h = tables[coef + i];
        double beta0 = tables[coef + program[PathProgram.STEPS] + i];
        for (int j = 0; j < d; j++) {
            int k = j * stride;
            double f = beta0 * (y[yOff + k] + work[drift + k]);
            work[slope + k] = f;
            work[saved + k] = y[yOff + k];
            y[yOff + k] = y[yOff + k] + h * f;
        }
    }

    /**
     * The second stage: with the state at y* and the guided score at (y*, t_{i+1}) at {@code drift},
     * y' = y + (h/2)(f + β(t_{i+1})(y* + s*)) from the saved y and f.
     */
    public static void correct(int[] program, double[] tables, int i, double[] y, int yOff, double[] work, int drift,
                               int saved, int slope, int stride) {
        int n = program[PathProgram.STEPS];
        int d = program[PathProgram.DIMENSION];
        int coef = program[PathProgram.COEFFICIENTS];
        double h = tables[coef + i];
        double beta1 = tables[coef + 2 * n + i];
        for (int j = 0; j < d; j++) {
            int k = j * stride;
            double f1 = beta1 * (y[yOff + k] + work[drift + k]);
            y[yOff + k] = work[saved + k] + 0.5 * h * (work[slope + k] + f1);
        }
    }
}
