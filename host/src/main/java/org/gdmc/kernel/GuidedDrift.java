package org.gdmc.kernel;

import org.gdmc.guidance.GuidedScore;
import org.gdmc.guidance.ScorePerturbation;
import org.gdmc.mixture.MixtureScore;

/**
 * The guided score s(x, t_i) of one guidance value at a node of the grid, composed from the program's pieces (kernel
 * subset): the score model's pass ({@link ScorePass}, exact), the modelled score error applied to it, and the
 * guidance form at its strength at this node. Integrators see only this function, the noise and their own
 * coefficient table. Element k of the point, the passes and the output lies at off + k·stride.
 */
@KernelCode
public final class GuidedDrift {
    private GuidedDrift() {
    }

    /**
     * The score model's exact pass at node i: the group scores and log-sums at x, written at work[pass …) as
     * {@link ScorePass} lays them out.
     *
     * @param x    the point, at x[xOff .. xOff+d). Not modified.
     * @param work holds the pass at {@code pass}. Modified.
     */
    public static void scores(int[] program, double[] tables, double[] params, int[] meta, int node,
                              double[] x, int xOff, double[] work, int pass, int stride) {
        MixtureScore.evaluate(params, meta, program[PathProgram.CLASS], tables[program[PathProgram.ALPHA] + node],
                tables[program[PathProgram.SIGMA2] + node], x, xOff, work, pass, stride);
    }

    /**
     * The guided score of guidance g at node i into out[outOff .. outOff+d): the exact pass at work[pass …) (its
     * class logit stays exact), the score error (a second pass may be written at work[pass2 …)), then the form at
     * g's strength at node i. {@code pass} is the start of the particle's work space laid out as
     * {@link PathKernel#workLength} says: the weak model's score and the momentum follow the integrator's slots.
     */
    public static void evaluate(int[] program, double[] tables, double[] params, int[] meta, int g, int node,
                                double[] x, int xOff, double[] work, int pass, int pass2, double[] out, int outOff,
                                int stride) {
        int d = program[PathProgram.DIMENSION];
        int weak = pass + weakSlot(d) * stride;
        guided(program[PathProgram.FORMS + g],
                tables[program[PathProgram.STRENGTHS] + g * (program[PathProgram.STEPS] + 2) + node], tables,
                program[PathProgram.VARIANTS] + g * GuidedScore.parametersLength(d), program[PathProgram.SCORE_ERROR],
                params, meta, program[PathProgram.CLASS], tables[program[PathProgram.ALPHA] + node],
                tables[program[PathProgram.SIGMA2] + node], x, xOff, work, pass, pass2, weak, weak + d * stride, out,
                outOff, d, stride);
    }

    /** Offset, in a particle's work space, of the weak model's conditional score (d doubles; the momentum follows). */
    public static int weakSlot(int d) {
        return 2 * ScorePass.length(d) + 3 * d;
    }

    /**
     * The guided score at a point and noise level, from its pieces: the exact pass at work[pass …), the weak model's
     * conditional score at work[weak …) for autoguidance (before the score error touches the pass), the score error
     * packed at tables[scoreError …), then the form (parameters at tables[par …), momentum at work[momentum …)). The
     * paths and the 1-D Fokker–Planck reference both call this.
     */
    public static void guided(int form, double strength, double[] tables, int par, int scoreError, double[] params,
                              int[] meta, int cls, double alpha, double sigma2, double[] x, int xOff, double[] work,
                              int pass, int pass2, int weak, int momentum, double[] out, int outOff, int d,
                              int stride) {
        MixtureScore.evaluate(params, meta, cls, alpha, sigma2, x, xOff, work, pass, stride);
        if (form == GuidedScore.AUTOGUIDANCE) {
            ScorePerturbation.conditionalInto(tables, par + GuidedScore.weakModel(), params, meta, cls, alpha, sigma2, x,
                    xOff, work, pass, pass2, work, weak, d, stride);
        }
        ScorePerturbation.apply(tables, scoreError, params, meta, cls, alpha, sigma2, x, xOff, work, pass, pass2, d,
                stride);
        GuidedScore.combine(form, strength, tables, par, work, pass, d, x, xOff, alpha, sigma2, work, weak, momentum,
                out, outOff, stride);
    }
}
