package org.gdmc.highdim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.guidance.ClassifierGuidance;
import org.gdmc.guidance.Guidance;
import org.gdmc.guidance.ScoreError;
import org.gdmc.kernel.PathKernel;
import org.gdmc.kernel.PathProgram;
import org.gdmc.mixture.Mixture;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.sampler.DdpmAncestral;
import org.gdmc.sampler.Ddim;
import org.gdmc.sampler.DpmSolverPlusPlus;
import org.gdmc.sampler.GridSpacing;
import org.gdmc.sampler.ReverseSampler;
import org.gdmc.sampler.StepPlan;
import org.gdmc.sampler.TimeGrid;
import org.junit.jupiter.api.Test;

/**
 * The blocked paths against {@link PathKernel} on the same mixture written as general components: the same noise,
 * guidance forms and integrators, so every particle's final state and data-law logit agree to the rounding of the
 * score's matrix-product form.
 */
class BlockPathsTest {
    private static final ForwardProcess OU = new ForwardProcess(new ConstantSchedule(1.0));

    @Test
    void everyParticleFollowsThePathKernelsPath() {
        List<Guidance> guidances = List.of(new ClassifierFreeGuidance(0.0), new ClassifierFreeGuidance(3.0),
                new ClassifierGuidance(2.0));
        for (ReverseSampler sampler : List.of(new DdpmAncestral(), new Ddim(), new DpmSolverPlusPlus())) {
            for (CovarianceForm form : CovarianceForm.values()) {
                int d = 4;
                LargeMixture m = BlockScoreTest.small(form, d, 40, 3, form == CovarianceForm.LOW_RANK ? 2 : 0, 3L,
                        1.0);
                Mixture general = BlockScoreTest.general(m);
                TimeGrid grid = TimeGrid.of(GridSpacing.GEOMETRIC, OU, 5.0, 1e-3, 40);
                StepPlan plan = new StepPlan(sampler, OU, grid);
                int cls = 1;
                PathProgram blocked = PathProgram.external(d, cls, plan, guidances, ScoreError.NONE);
                PathProgram reference = PathProgram.of(general, cls, plan, guidances, ScoreError.NONE);
                BlockPaths paths = new BlockPaths(blocked, m, cls, 17L, Gemm.best());
                BlockPaths.Worker worker = paths.newWorker();
                int rows = 13;
                for (int g = 0; g < guidances.size(); g++) {
                    double[] states = new double[rows * d];
                    double[] logit = new double[rows];
                    int[] best = new int[rows];
                    int[] nearest = new int[rows];
                    paths.simulate(worker, g, 1000L, rows, states, 0, logit, best, nearest);
                    double[] work = new double[PathKernel.workLength(d)];
                    double[] state = new double[d];
                    double[] obs = new double[PathKernel.OBS_LENGTH];
                    for (int b = 0; b < rows; b++) {
                        PathKernel.simulate(reference.codes(), reference.tables(), reference.params(),
                                reference.meta(), g, 17L, 1000L + b, state, 0, obs, 0, work, 0, new long[4], 0);
                        String at = sampler.name() + " " + form + " g " + g + " particle " + b;
                        for (int j = 0; j < d; j++) {
                            assertEquals(state[j], states[b * d + j], 1e-10 * (1 + Math.abs(state[j])), at);
                        }
                        assertEquals(obs[PathKernel.OBS_DATA_LOGIT], logit[b],
                                1e-9 * (1 + Math.abs(obs[PathKernel.OBS_DATA_LOGIT])), at);
                    }
                }
            }
        }
    }
}
