package org.gdmc.testing;

import java.util.List;

import org.gdmc.backend.CpuBackend;
import org.gdmc.backend.ParticleBatch;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.estimate.KnnOptions;
import org.gdmc.estimate.SupportOptions;
import org.gdmc.guidance.Guidance;
import org.gdmc.process.ForwardProcess;
import org.gdmc.sampler.ReverseSampler;
import org.gdmc.sampler.StepPlan;
import org.gdmc.sampler.TimeGrid;
import org.gdmc.study.StudyResult;
import org.gdmc.study.StudyRunner;
import org.gdmc.study.StudySpec;
import org.gdmc.mixture.Mixture;

/** Runs small studies on the CPU backend for tests. */
public final class Studies {
    private Studies() {
    }

    /** Final states (count × d, row-major) of particles 0 … count−1 of the simulation under its first guidance. */
    public static double[] finalStates(SimulationSpec sim, int count) {
        ParticleBatch batch = new ParticleBatch(sim.guidances().size(), sim.target().dimension(), count);
        batch.reset(0, count);
        try (CpuBackend backend = new CpuBackend(0)) {
            backend.simulate(sim, batch);
        }
        return batch.states(0).clone();
    }

    /** k-NN entropy sample size in test studies (the default, 10^5, would simulate that many particles twice). */
    public static final int KNN_SAMPLES = 10_000;

    public static StudyResult run(Mixture target, int cls, ReverseSampler sampler, ForwardProcess process,
                                  TimeGrid grid, List<Guidance> guidances, long seed, long particles,
                                  int batchSize, int threads) {
        return run(target, cls, sampler, process, grid, guidances, seed, particles, batchSize, threads, false);
    }

    /** As above, starting from the exact noised class law when {@code exactStart}. */
    public static StudyResult run(Mixture target, int cls, ReverseSampler sampler, ForwardProcess process,
                                  TimeGrid grid, List<Guidance> guidances, long seed, long particles,
                                  int batchSize, int threads, boolean exactStart) {
        SimulationSpec sim = new SimulationSpec(target, cls, new StepPlan(sampler, process, grid, exactStart),
                guidances, seed);
        StudySpec spec = new StudySpec(sim, particles, batchSize, SupportOptions.defaults(target, cls),
                new KnnOptions(4, KNN_SAMPLES), false);
        try (CpuBackend backend = new CpuBackend(threads)) {
            return new StudyRunner(backend).run(spec, (a, b, c) -> { });
        }
    }
}
