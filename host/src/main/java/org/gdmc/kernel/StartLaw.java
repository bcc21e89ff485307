package org.gdmc.kernel;

import org.gdmc.mixture.NormalIntervals;
import org.gdmc.rng.NormalVariates;

/**
 * Where a path starts at t₀ = T ({@code sampler.start}), drawn from the noise of (seed, particle, step 0):
 * <ul>
 *   <li>{@link #STANDARD}: y₀ ~ N(0, I), the first d normals;</li>
 *   <li>{@link #EXACT}: y₀ ~ p_T(· | c), the class law pushed through the forward process, y₀ = α_T X₀ + σ_T Z with
 *       X₀ ~ p₀(· | c), from 2d + 1 normals z: Φ(z₀) picks the component k by inverting the class weights' CDF; a
 *       Gaussian N(μ, Σ) gives y₀ = α_T μ + L z₁…z_d with L L ᵀ = α_T² Σ + σ_T² I (so its own noise is already in
 *       L); a box [a, b] gives y₀,j = α_T (a_j + (b_j − a_j) Φ(z_{1+j})) + σ_T z_{1+d+j}.</li>
 * </ul>
 * The exact law's table (in the program's tables at {@link PathProgram#START_TABLE}): K, then per component a record
 * of 2 + d + d² doubles: the cumulative class weight, the type (0 Gaussian, 1 box), α_T μ or a (d), then L row-major
 * (d²) or b (d, the rest unused). Kernel subset: the component is found by counting, the two forms by 0/1 selects.
 */
@KernelCode
public final class StartLaw {
    /** N(0, I). */
    public static final int STANDARD = 0;
    /** The noised class law p_T(· | c). */
    public static final int EXACT = 1;

    private static final double INV_SQRT2 = 0.7071067811865476;

    private StartLaw() {
    }

    /** Doubles of one component's record in dimension d. */
    public static int record(int d) {
        return 2 + d + d * d;
    }

    /**
     * Writes the start of the particle into state[stateOff + j·st], j &lt; d, using work[w + k·st], k &lt; 2d + 1, as
     * scratch.
     */
    public static void draw(int[] program, double[] tables, long seed, long particle, double[] state, int stateOff,
                            double[] work, int w, long[] words, int wordsOff, int st) {
        int d = program[PathProgram.DIMENSION];
        if (program[PathProgram.START] == STANDARD) {
            NormalVariates.fill(seed, particle, 0, state, stateOff, d, words, wordsOff, st);
            return;
        }
        NormalVariates.fill(seed, particle, 0, work, w, 2 * d + 1, words, wordsOff, st);
        int t = program[PathProgram.START_TABLE];
        int components = (int) tables[t];
        double u = phi(work[w]);
        int k = 0;
        for (int c = 0; c < components - 1; c++) {
            k += u > tables[t + 1 + c * record(d)] ? 1 : 0;
        }
        int r = t + 1 + k * record(d);
        int box = (int) tables[r + 1];
        double alpha = tables[program[PathProgram.ALPHA]];
        double sigma = Math.sqrt(tables[program[PathProgram.SIGMA2]]);
        for (int j = 0; j < d; j++) {
            double gauss = tables[r + 2 + j];
            for (int c = 0; c <= j; c++) {
                gauss += tables[r + 2 + d + j * d + c] * work[w + (1 + c) * st];
            }
            double lo = tables[r + 2 + j];
            double hi = tables[r + 2 + d + j];
            double uniform = alpha * (lo + (hi - lo) * phi(work[w + (1 + j) * st]))
                    + sigma * work[w + (1 + d + j) * st];
            state[stateOff + j * st] = box == 1 ? uniform : gauss;
        }
    }

    /** Φ(z), from erf. */
    static double phi(double z) {
        double e = NormalIntervals.erf(Math.abs(z) * INV_SQRT2);
        return z >= 0 ? 0.5 + 0.5 * e : 0.5 - 0.5 * e;
    }
}
