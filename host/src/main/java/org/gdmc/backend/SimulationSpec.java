package org.gdmc.backend;

import java.util.List;

import org.gdmc.guidance.Guidance;
import org.gdmc.guidance.ScoreError;
import org.gdmc.kernel.PathProgram;
import org.gdmc.sampler.StepPlan;
import org.gdmc.mixture.Mixture;

/**
 * What a backend simulates: particles of the guided reverse dynamics for class {@code cls} of {@code target}, on the
 * step plan, under each guidance of the sweep, with the modelled score error, and noise keyed by {@code seed}.
 */
public record SimulationSpec(Mixture target, int cls, StepPlan plan, List<Guidance> guidances, ScoreError scoreError,
                             long seed) {
    public SimulationSpec {
        guidances = List.copyOf(guidances);
    }

    /** With exact scores. */
    public SimulationSpec(Mixture target, int cls, StepPlan plan, List<Guidance> guidances, long seed) {
        this(target, cls, plan, guidances, ScoreError.NONE, seed);
    }

    /** The simulation compiled for the path kernels (built anew on each call; backends keep it per spec). */
    public PathProgram program() {
        return PathProgram.of(target, cls, plan, guidances, scoreError);
    }
}
