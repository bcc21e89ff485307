package org.gdmc.highdim;

import java.util.List;

import org.gdmc.guidance.Guidance;
import org.gdmc.guidance.ScoreError;
import org.gdmc.kernel.PathProgram;
import org.gdmc.sampler.StepPlan;

/**
 * A study of a {@link LargeMixture}: class {@code cls}, the step plan, each guidance value of the sweep, N particles
 * per value, the noise seed, the worker threads (0: all processors) and whether the score's two products run in
 * float32 ({@link BlockScore}).
 */
public record HighDimStudySpec(LargeMixture target, int cls, StepPlan plan, List<Guidance> guidances,
                               long particles, long seed, int threads, boolean float32) {
    public HighDimStudySpec {
        guidances = List.copyOf(guidances);
    }

    /** In float64. */
    public HighDimStudySpec(LargeMixture target, int cls, StepPlan plan, List<Guidance> guidances, long particles,
                            long seed, int threads) {
        this(target, cls, plan, guidances, particles, seed, threads, false);
    }

    /** The same study with the products in float32 (true) or float64. */
    public HighDimStudySpec inFloat32(boolean f32) {
        return new HighDimStudySpec(target, cls, plan, guidances, particles, seed, threads, f32);
    }

    /** The paths' program (the tables the blocked paths read). */
    public PathProgram program() {
        return PathProgram.external(target.dimension(), cls, plan, guidances, ScoreError.NONE);
    }
}
