package org.gdmc.smc;

import org.gdmc.kernel.KernelCode;
import org.gdmc.kernel.PathProgram;
import org.gdmc.kernel.ScorePass;

/**
 * The Feynman–Kac weights that make guided diffusion paths target the tilted law (Skreta et al. 2025, "Feynman–Kac
 * correctors in diffusion"), per particle, on primitive arrays in the kernels' style (static, no objects).
 *
 * <p>Let Q_t(x) = p_t(x | c)^{1+w} p_t(x)^{−w}, whose score is the guided score s_w = (1 + w) s_c − w s_u of
 * classifier-free guidance at w (classifier guidance at γ is the same with w = γ − 1). For a forward process
 * dX = f(t) X dt + g(t) dW every p_t solves ∂_t p = −f ∇·(x p) + ½ g² Δp; log Q_t does not: the divergence and
 * drift terms cancel in the combination, and what is left is
 * <pre>  ∂_t log Q = [the same operator applied to log Q] − ½ g² w(1 + w) ‖s_c − s_u‖². </pre>
 * So particles that follow the reverse SDE with drift from s_w, and gather log-weight
 * dℓ = ½ g(t)² w(1 + w) ‖s_c − s_u‖² dτ (τ = T − t), are weighted samples of Q_t / Z_t at every t. The step from node
 * i to i + 1 takes the potential at its left end (the Euler rule), with ∫½g² dt over the step from the process:
 * ½ g² = ½ α² d(σ²/α²)/dt exactly, so the step's factor is ½ α_i² (σ_i²/α_i² − σ_{i+1}²/α_{i+1}²).
 *
 * <p>In general, for Q_t = p_t(x | c)^a p_t(x)^b ({@link SmcTarget}; the tilted law is a = 1 + w, b = −w) the same
 * computation leaves
 * <pre>  ∂_t log Q = [the operator applied to log Q] − (a + b − 1) f d + ½ g² (a‖s_c‖² + b‖s_u‖² − ‖a s_c + b s_u‖²), </pre>
 * so particles under the drift from a s_c + b s_u would gather dℓ = [(a + b − 1) f d + ½ g² (‖a s_c + b s_u‖²
 * − a‖s_c‖² − b‖s_u‖²)] dτ. When a + b = 1 the first part vanishes and the second is −ab‖s_c − s_u‖² =
 * w(1 + w)‖s_c − s_u‖², the potential above. Every guidance form moves particles under a combination with a + b = 1,
 * so the Feynman–Kac rule is used for the tilted law only; the other geometric laws take the exact weights, which
 * hold under any proposal.
 *
 * <p>The start and the end are exact importance weights, from the score model's log-densities (the pass's
 * LSE_all = log p_t(x), LSE_c = log π_c p_t(x | c)): log Q_T(y₀) − log N(y₀; 0, I) from the standard start, or
 * w (log p_T(y₀ | c) − log p_T(y₀)) from the class law's start; and at the end log Q₀(y) − log Q_δ(y), so that the
 * weighted particles target q_w = Q₀ / Z_w, the tilted law of {@code TiltedLaw}, and the weights' mean estimates
 * Z_w itself.
 *
 * <p>Kernel subset, float64 only: element k of a pass or a point lies at off + k·stride (1 on the CPU, the batch's
 * capacity in the device's layout by particle), as in {@link ScorePass}.
 */
@KernelCode(float32 = false)
public final class TiltedWeights {
    private static final double LOG_2PI = Math.log(2.0 * Math.PI);

    private TiltedWeights() {
    }

    /** log Q_t(x) = (1 + w) log p_t(x | c) − w log p_t(x), from the pass at work[pass …) and log π_c. */
    public static double logTilted(double[] work, int pass, int d, double w, double logPrior, int stride) {
        return logTarget(work, pass, d, 1.0 + w, -w, logPrior, stride);
    }

    /**
     * log Q_t(x) = a log p_t(x | c) + b log p_t(x), from the pass at work[pass …) and log π_c; a zero exponent leaves its
     * density out (so p_t(x | c) = 0 does not make the annealed data law NaN).
     */
    public static double logTarget(double[] work, int pass, int d, double a, double b, double logPrior,
                                   int stride) {
        double logClass = work[pass + ScorePass.logClass(d) * stride] - logPrior;
        double logAll = work[pass + ScorePass.logAll(d) * stride];
        return a == 0.0 ? b * logAll : a * logClass + b * logAll;
    }

    /** w (log p_t(x | c) − log p_t(x)): the start weight against the class law's own start. */
    public static double logTiltOverClass(double[] work, int pass, int d, double w, double logPrior, int stride) {
        double logClass = work[pass + ScorePass.logClass(d) * stride] - logPrior;
        return w * (logClass - work[pass + ScorePass.logAll(d) * stride]);
    }

    /**
     * log Q_t(x) − log p_t(x | c) = (a − 1) log p_t(x | c) + b log p_t(x): the start weight against the class law's own
     * start (for a + b = 1, {@link #logTiltOverClass} at w = −b).
     */
    public static double logOverClass(double[] work, int pass, int d, double a, double b, double logPrior,
                                      int stride) {
        if (a + b == 1.0) {
            return logTiltOverClass(work, pass, d, -b, logPrior, stride);
        }
        double logClass = work[pass + ScorePass.logClass(d) * stride] - logPrior;
        return (a - 1.0) * logClass + b * work[pass + ScorePass.logAll(d) * stride];
    }

    /** w(1 + w) ‖s_c − s_u‖², the Feynman–Kac potential per unit of ½∫g² (zero at w = 0 and at w = −1). */
    public static double potential(double[] work, int pass, int d, double w, int stride) {
        int c = pass + ScorePass.conditional(d) * stride;
        int u = pass + ScorePass.unconditional(d) * stride;
        double sum = 0.0;
        for (int j = 0; j < d; j++) {
            double diff = work[c + j * stride] - work[u + j * stride];
            sum += diff * diff;
        }
        return w * (1.0 + w) * sum;
    }

    /** ½∫g² dt over the step from node i (time t_i) to node i + 1, with the potential frozen at t_i. */
    public static double diffusionFactor(int[] program, double[] tables, int i) {
        double a0 = tables[program[PathProgram.ALPHA] + i];
        double a1 = tables[program[PathProgram.ALPHA] + i + 1];
        double s0 = tables[program[PathProgram.SIGMA2] + i];
        double s1 = tables[program[PathProgram.SIGMA2] + i + 1];
        return 0.5 * a0 * a0 * (s0 / (a0 * a0) - s1 / (a1 * a1));
    }

    /** log N(y; 0, I) of the point y[off .. off+d). */
    public static double logStandardNormal(double[] y, int off, int d, int stride) {
        double sum = 0.0;
        for (int j = 0; j < d; j++) {
            sum += y[off + j * stride] * y[off + j * stride];
        }
        return -0.5 * sum - 0.5 * d * LOG_2PI;
    }

    /** log N(x; mean, v I) of x[xOff .. +d) against mean[mOff .. +d) scaled by {@code scale}: N(x; scale·m, v I). */
    public static double logGaussian(double[] x, int xOff, double[] m, int mOff, double scale, double v, int d,
                                     int stride) {
        double sum = 0.0;
        for (int j = 0; j < d; j++) {
            double r = x[xOff + j * stride] - scale * m[mOff + j * stride];
            sum += r * r;
        }
        return -0.5 * sum / v - 0.5 * d * (Math.log(v) + LOG_2PI);
    }

    /**
     * log L(y_i | y_{i+1}) − log K(y_{i+1} | y_i) of the affine step i from y_i to y_{i+1} = A y_i + B s + C z: K is
     * N(A y_i + B s, C² I), so log K = −½‖z‖² − d log C − ½ d log 2π; L is the forward process from t_{i+1} to t_i,
     * N(ā y_{i+1}, (σ_i² − ā² σ_{i+1}²) I) with ā = α_i/α_{i+1}.
     */
    public static double logBackwardOverForward(int[] program, double[] tables, int i, double[] before, int bOff,
                                                double[] after, int aOff, double[] noise, int nOff, int d,
                                                int stride) {
        int n = program[PathProgram.STEPS];
        double c = tables[program[PathProgram.COEFFICIENTS] + 2 * n + i];
        double a0 = tables[program[PathProgram.ALPHA] + i];
        double a1 = tables[program[PathProgram.ALPHA] + i + 1];
        double ratio = a0 / a1;
        double v = tables[program[PathProgram.SIGMA2] + i]
                - ratio * ratio * tables[program[PathProgram.SIGMA2] + i + 1];
        double z2 = 0.0;
        for (int j = 0; j < d; j++) {
            z2 += noise[nOff + j * stride] * noise[nOff + j * stride];
        }
        double logK = -0.5 * z2 - d * Math.log(c) - 0.5 * d * LOG_2PI;
        return logGaussian(before, bOff, after, aOff, ratio, v, d, stride) - logK;
    }

    /** ∇log Q_t(x) = (1 + w) s_c − w s_u of the pass at work[pass …) into out[oOff .. +d). */
    public static void gradient(double[] work, int pass, int d, double w, double[] out, int oOff, int stride) {
        gradient(work, pass, d, 1.0 + w, -w, out, oOff, stride);
    }

    /** ∇log Q_t(x) = a s_c + b s_u of the pass at work[pass …) into out[oOff .. +d). */
    public static void gradient(double[] work, int pass, int d, double a, double b, double[] out, int oOff,
                                int stride) {
        int c = pass + ScorePass.conditional(d) * stride;
        int u = pass + ScorePass.unconditional(d) * stride;
        for (int j = 0; j < d; j++) {
            out[oOff + j * stride] = a * work[c + j * stride] + b * work[u + j * stride];
        }
    }
}
