package org.gdmc.highdim;

import org.gdmc.guidance.GuidedScore;
import org.gdmc.kernel.PathProgram;
import org.gdmc.kernel.ScorePass;
import org.gdmc.rng.NormalVariates;
import org.gdmc.sampler.AffineStep;
import org.gdmc.sampler.MultistepStep;

/**
 * The guided reverse paths of a block of particles against a {@link LargeMixture}, step by step in lockstep: at each
 * node the block's score passes come from one blocked evaluation ({@link BlockScore}), then each particle runs the
 * same guidance form ({@link GuidedScore#combine}) and integrator step ({@link AffineStep}, {@link MultistepStep})
 * as {@link org.gdmc.kernel.PathKernel}, on the same noise keyed by (seed, particle, step), from y₀ ~ N(0, I) (noise
 * step 0). A particle's path is therefore the path PathKernel would run on the same mixture, to the rounding of the
 * score's matrix-product form, and it does not depend on which particles share its block.
 *
 * <p>Supported: the affine samplers (DDPM, DDIM, Euler–Maruyama, probability flow …) and DPM-Solver++(2M); every
 * guidance form but autoguidance (which needs a second, weak model); exact scores. {@link #refusal} says why a study
 * falls outside.
 */
public final class BlockPaths {
    /** Particles evaluated together. */
    public static final int ROWS = 32;

    private final PathProgram program;
    private final LargeMixture mixture;
    private final int cls;
    private final long seed;
    private final Gemm gemm;
    private final GemmF32 f32;

    public BlockPaths(PathProgram program, LargeMixture mixture, int cls, long seed, Gemm gemm) {
        this(program, mixture, cls, seed, gemm, null);
    }

    /** With {@code f32} not null, the score's products run in float32 ({@link BlockScore}). */
    public BlockPaths(PathProgram program, LargeMixture mixture, int cls, long seed, Gemm gemm, GemmF32 f32) {
        String why = refusal(program);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        this.program = program;
        this.mixture = mixture;
        this.cls = cls;
        this.seed = seed;
        this.gemm = gemm;
        this.f32 = f32;
    }

    /** Why the blocked paths cannot run this program, or null when they can. */
    public static String refusal(PathProgram program) {
        int integrator = program.codes()[PathProgram.INTEGRATOR];
        if (integrator != AffineStep.CODE && integrator != MultistepStep.CODE) {
            return "large mixtures run the affine samplers (ddpm, ddim, euler-maruyama, probability-flow) and "
                    + "dpm-solver++; Heun and predictor-corrector steps are not blocked yet";
        }
        for (int g = 0; g < program.guidances(); g++) {
            if (program.codes()[PathProgram.FORMS + g] == GuidedScore.AUTOGUIDANCE) {
                return "autoguidance needs a weak model, which large mixtures do not have";
            }
        }
        return null;
    }

    /** One worker's scratch. */
    public final class Worker {
        final BlockScore score = new BlockScore(mixture, cls, ROWS, gemm, f32);
        final int d = mixture.dimension();
        final int p = ScorePass.length(d);
        final double[] passes = new double[ROWS * p];
        /** Per row: drift, noise (or the previous denoiser), momentum. */
        final double[] work = new double[ROWS * 3 * d];
        final long[] words = new long[4];
    }

    public Worker newWorker() {
        return new Worker();
    }

    /**
     * Runs particles first … first + rows − 1 under guidance g to t = δ.
     *
     * @param states receives their final states, rows × d from sOff
     * @param logit  receives each one's data-law class logit log p₀(c|x)/p₀(not c|x)
     * @param best   receives each one's most probable class under the data law
     * @param nearest receives each one's component of largest responsibility under the data law (a row of the
     *               mixture's class-sorted order)
     */
    public void simulate(Worker w, int g, long first, int rows, double[] states, int sOff, double[] logit,
                         int[] best, int[] nearest) {
        if (rows > ROWS) {
            throw new IllegalArgumentException("at most " + ROWS + " rows, got " + rows);
        }
        int d = w.d;
        int[] codes = program.codes();
        double[] tables = program.tables();
        int n = program.steps();
        int form = codes[PathProgram.FORMS + g];
        int par = codes[PathProgram.VARIANTS] + g * GuidedScore.parametersLength(d);
        int integrator = codes[PathProgram.INTEGRATOR];
        for (int b = 0; b < rows; b++) {
            NormalVariates.fill(seed, first + b, 0, states, sOff + b * d, d, w.words);
            java.util.Arrays.fill(w.work, b * 3 * d + 2 * d, b * 3 * d + 3 * d, 0.0);
        }
        for (int i = 0; i < n; i++) {
            double alpha = program.alpha(i);
            double sigma2 = program.sigma2(i);
            double strength = program.strength(g, i);
            w.score.evaluate(alpha, sigma2, states, sOff, rows, w.passes, 0, w.p);
            for (int b = 0; b < rows; b++) {
                int base = b * 3 * d;
                GuidedScore.combine(form, strength, tables, par, w.passes, b * w.p, d, states, sOff + b * d, alpha,
                        sigma2, w.work, base + 2 * d, base + 2 * d, w.work, base, 1);
                if (integrator == AffineStep.CODE) {
                    AffineStep.advance(codes, tables, i, seed, first + b, states, sOff + b * d, w.work, base,
                            base + d, w.words, 0, 1);
                } else {
                    MultistepStep.advance(codes, tables, i, states, sOff + b * d, w.work, base, base + d, 1);
                }
            }
        }
        w.score.classify(states, sOff, rows, logit, best, nearest);
    }
}
