package org.gdmc.highdim;

import java.util.List;

import org.gdmc.guidance.Guidance;
import org.gdmc.guidance.ScoreError;
import org.gdmc.kernel.PathProgram;
import org.gdmc.sampler.StepPlan;

/**
 * A study of a {@link LargeMixture}: class {@code cls}, the step plan, each guidance value of the sweep, N particles
 * per value, the noise seed and the worker threads (0: all processors).
 */
public record HighDimStudySpec(LargeMixture target, int cls, StepPlan plan, List<Guidance> guidances,
                               long particles, long seed, int threads) {
    public HighDimStudySpec {
        guidances = List.copyOf(guidances);
    }

    /** The paths' program (the tables the blocked paths read). */
    public PathProgram program() {
        return PathProgram.external(target.dimension(), cls, plan, guidances, ScoreError.NONE);
    }
}
