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
     * g's strength at node i.
     */
    public static void evaluate(int[] program, double[] tables, double[] params, int[] meta, int g, int node,
                                double[] x, int xOff, double[] work, int pass, int pass2, double[] out, int outOff,
                                int stride) {
        int d = program[PathProgram.DIMENSION];
        scores(program, tables, params, meta, node, x, xOff, work, pass, stride);
        ScorePerturbation.apply(tables, program[PathProgram.SCORE_ERROR], params, meta, program[PathProgram.CLASS],
                tables[program[PathProgram.ALPHA] + node], tables[program[PathProgram.SIGMA2] + node], x, xOff,
                work, pass, pass2, d, stride);
        GuidedScore.combine(program[PathProgram.FORMS + g],
                tables[program[PathProgram.STRENGTHS] + g * (program[PathProgram.STEPS] + 2) + node],
                work, pass, d, out, outOff, stride);
    }
}
